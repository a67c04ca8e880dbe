import Auth
import Server
import Settings

/// Configurations read from environment variables only, through the settings module as `serve` reads
/// them (the tests give the variables as a dictionary).
extension ServerConfiguration {
    init(environment: [String: String]) throws {
        try self.init(settings: SettingValues(reading: ServiceSettings.serve, environment: environment))
    }
}

extension TokenVerifierConfiguration {
    init(environment: [String: String]) throws {
        try self.init(settings: SettingValues(reading: ServiceSettings.serve, environment: environment))
    }
}
