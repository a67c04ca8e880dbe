import Foundation

/// The methods a presigned URL can be made for.
public enum S3PresignedMethod: String, Sendable {
    case get = "GET"
    case put = "PUT"
    case head = "HEAD"
    case delete = "DELETE"
}

extension S3Client {
    /// A URL that lets anyone holding it `GET`/`PUT`/`HEAD`/`DELETE` the object for `expiresIn` seconds (at
    /// most 7 days) from `date`, without credentials. A presigned PUT must be sent without extra signed
    /// headers; its body is unsigned. Temporary credentials add `X-Amz-Security-Token`.
    ///
    /// `responseOverrides` (signed) make a GET answer with other headers, e.g.
    /// `["response-content-disposition": "attachment; filename=\"a.pdf\"", "response-content-type": "application/pdf"]`.
    public func presignedURL(
        _ method: S3PresignedMethod, bucket: String, key: String, expiresIn: Int, date: Date? = nil,
        responseOverrides: [String: String] = [:]
    ) async throws -> URL {
        let (host, path) = try location(bucket: bucket, key: key)
        let signer = SigV4Signer(
            credentials: try await configuration.credentialsProvider.credentials(),
            region: configuration.region)
        let query = try signer.presignedQuery(
            for: SigV4Request(
                method: method.rawValue, host: host, encodedPath: path,
                query: responseOverrides.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }),
            expires: expiresIn, date: date ?? clock.now())
        guard let url = URL(string: "\(endpoint.scheme)://\(host)\(path)?\(query)") else {
            throw S3ClientError.invalidEndpoint("\(endpoint.scheme)://\(host)\(path)")
        }
        return url
    }

    /// A browser-based upload form, shaped like boto3's `generate_presigned_post`: POST `url` as
    /// `multipart/form-data` with every entry of `fields` followed by the `file` field.
    ///
    /// `key` may end in `${filename}`, which S3 replaces by the uploaded file's name; the policy then only
    /// requires the key to start with what precedes it. The policy always pins the bucket and the key and
    /// includes the signing fields; add `conditions` (content-length range, Content-Type, `x-amz-meta-*`, ...)
    /// and put the values the form sends in `fields` (each such field needs a matching condition).
    public func presignedPost(
        bucket: String, key: String, expiresIn: Int = 3600, fields: [String: String] = [:],
        conditions: [S3PostPolicyCondition] = [], date: Date? = nil
    ) async throws -> S3PresignedPost {
        guard (1...SigV4Signer.maximumPresignedExpiry).contains(expiresIn) else {
            throw S3ClientError.invalidPresignExpiry(expiresIn)
        }
        let (host, path) = try location(bucket: bucket, key: nil)
        let credentials = try await configuration.credentialsProvider.credentials()
        let signer = SigV4Signer(credentials: credentials, region: configuration.region)
        let now = date ?? clock.now()
        let amzDate = AmzDate(now).dateTime

        var formFields = fields
        formFields["key"] = key
        formFields["x-amz-algorithm"] = "AWS4-HMAC-SHA256"
        formFields["x-amz-credential"] = signer.credentialScope(date: now)
        formFields["x-amz-date"] = amzDate
        if let token = credentials.sessionToken { formFields["x-amz-security-token"] = token }

        var allConditions = conditions
        allConditions.append(.equals("bucket", bucket))
        if key.hasSuffix("${filename}") {
            allConditions.append(.startsWith("key", String(key.dropLast("${filename}".count))))
        } else {
            allConditions.append(.equals("key", key))
        }
        for name in ["x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-security-token"] {
            if let value = formFields[name] { allConditions.append(.equals(name, value)) }
        }
        let policy = S3PostPolicy(expiration: now.addingTimeInterval(TimeInterval(expiresIn)), conditions: allConditions)
        let base64Policy = Data(policy.json.utf8).base64EncodedString()
        formFields["policy"] = base64Policy
        formFields["x-amz-signature"] = signer.signPolicy(base64Policy: base64Policy, date: now)
        let url = "\(endpoint.scheme)://\(host)\(path == "/" ? "/" : path)"
        return S3PresignedPost(url: url, fields: formFields)
    }
}
