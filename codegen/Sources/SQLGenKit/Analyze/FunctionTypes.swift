/// Result types of the built-in functions queries commonly use.
enum FunctionTypes {
    enum Nullability { case never, always, fromArguments }

    struct Result {
        var type: SQLType?
        var nullability: Nullability
    }

    static func result(of name: String, arguments: [SQLType?], star: Bool) -> Result? {
        let first = arguments.first ?? nil
        switch name {
        case "count": return Result(type: SQLType("int8"), nullability: .never)
        case "sum":
            switch first?.name {
            case "int2", "int4": return Result(type: SQLType("int8"), nullability: .always)
            case "int8", "numeric": return Result(type: SQLType("numeric"), nullability: .always)
            default: return Result(type: first, nullability: .always)
            }
        case "avg":
            let isFloat = first?.name == "float4" || first?.name == "float8"
            return Result(type: SQLType(isFloat ? "float8" : "numeric"), nullability: .always)
        case "min", "max": return Result(type: first, nullability: .always)
        case "array_agg": return Result(type: first.map { SQLType($0.name, isArray: true) }, nullability: .always)
        case "bool_and", "bool_or", "every": return Result(type: SQLType("bool"), nullability: .always)
        case "string_agg": return Result(type: SQLType("text"), nullability: .always)
        // Set-returning functions in the select list: a row per element (which may be NULL) or value.
        case "unnest" where arguments.count == 1:
            return Result(type: first.map { SQLType($0.name) }, nullability: .always)
        case "generate_series":
            // generate_series(date, date, interval) runs on timestamptz.
            return Result(type: first?.name == "date" ? SQLType("timestamptz") : first, nullability: .never)
        case "now", "statement_timestamp", "clock_timestamp", "transaction_timestamp":
            return Result(type: SQLType("timestamptz"), nullability: .never)
        case "gen_random_uuid", "uuid_generate_v4": return Result(type: SQLType("uuid"), nullability: .never)
        case "lower", "upper", "trim", "btrim", "ltrim", "rtrim", "substring", "substr", "replace", "md5",
            "left", "right", "lpad", "rpad", "initcap", "reverse", "to_char", "encode", "split_part", "repeat",
            "regexp_replace", "translate", "quote_ident", "quote_literal", "chr", "array_to_string":
            return Result(type: SQLType("text"), nullability: .fromArguments)
        case "concat", "concat_ws", "format": return Result(type: SQLType("text"), nullability: .never)
        case "cardinality", "array_position", "ascii", "bit_length":
            return Result(type: SQLType("int4"), nullability: .fromArguments)
        case "length", "char_length", "character_length", "octet_length", "position", "strpos", "array_length":
            return Result(type: SQLType("int4"), nullability: .fromArguments)
        case "date_trunc":
            return Result(type: arguments.count > 1 ? arguments[1] : SQLType("timestamptz"), nullability: .fromArguments)
        case "extract": return Result(type: SQLType("numeric"), nullability: .fromArguments)
        case "date_part": return Result(type: SQLType("float8"), nullability: .fromArguments)
        case "abs", "round", "ceil", "ceiling", "floor", "greatest", "least":
            return Result(type: first, nullability: .fromArguments)
        case "random": return Result(type: SQLType("float8"), nullability: .never)
        case "to_tsvector", "setweight", "strip": return Result(type: SQLType("tsvector"), nullability: .fromArguments)
        case "to_tsquery", "plainto_tsquery", "phraseto_tsquery", "websearch_to_tsquery":
            return Result(type: SQLType("tsquery"), nullability: .fromArguments)
        case "ts_rank", "ts_rank_cd": return Result(type: SQLType("float4"), nullability: .fromArguments)
        case "ts_headline": return Result(type: SQLType("text"), nullability: .fromArguments)
        case "to_json", "json_build_object", "json_build_array", "json_agg", "json_object_agg":
            return Result(type: SQLType("json"), nullability: name == "json_agg" || name == "json_object_agg" ? .always : .never)
        case "to_jsonb", "jsonb_build_object", "jsonb_build_array", "jsonb_agg", "jsonb_object_agg", "jsonb_set":
            return Result(type: SQLType("jsonb"), nullability: name == "jsonb_agg" || name == "jsonb_object_agg" ? .always : .never)
        case "decode", "sha256", "digest": return Result(type: SQLType("bytea"), nullability: .fromArguments)
        case "pg_advisory_lock", "pg_advisory_lock_shared", "pg_advisory_xact_lock", "pg_advisory_xact_lock_shared",
            "pg_advisory_unlock_all":
            return Result(type: SQLType("void"), nullability: .never)
        case "pg_advisory_unlock", "pg_advisory_unlock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared",
            "pg_try_advisory_xact_lock", "pg_try_advisory_xact_lock_shared":
            return Result(type: SQLType("bool"), nullability: .never)
        default: return nil
        }
    }

    /// The type of argument `index` (or the argument called `name`) of a built-in function, for
    /// parameters passed to it (`lower($1)`, `make_interval(secs => $1)`).
    static func argumentType(of function: String, index: Int, name: String?) -> SQLType? {
        switch function {
        case "make_interval":
            let names = ["years", "months", "weeks", "days", "hours", "mins", "secs"]
            let argument = name ?? (index < names.count ? names[index] : "")
            return SQLType(argument == "secs" ? "float8" : "int4")
        case "to_timestamp": return SQLType(index == 0 ? "float8" : "text")
        case "lower", "upper", "trim", "btrim", "ltrim", "rtrim", "length", "char_length", "md5", "initcap", "reverse",
            "replace", "concat", "concat_ws", "format", "strpos", "to_tsvector", "plainto_tsquery", "to_tsquery",
            "phraseto_tsquery", "websearch_to_tsquery":
            return SQLType("text")
        case "left", "right", "repeat", "substr", "lpad", "rpad": return SQLType(index == 0 ? "text" : "int4")
        case "split_part": return SQLType(index == 2 ? "int4" : "text")
        case "date_trunc": return index == 0 ? SQLType("text") : nil
        case "pg_advisory_lock", "pg_advisory_unlock", "pg_try_advisory_lock", "pg_advisory_xact_lock", "pg_try_advisory_xact_lock":
            return SQLType("int8")
        case "gen_random_bytes": return SQLType("int4")
        default: return nil
        }
    }

    /// CURRENT_TIMESTAMP and friends.
    static func valueFunction(_ op: String) -> String {
        switch op {
        case "SVFOP_CURRENT_DATE": return "date"
        case "SVFOP_CURRENT_TIME", "SVFOP_CURRENT_TIME_N": return "timetz"
        case "SVFOP_LOCALTIME", "SVFOP_LOCALTIME_N": return "time"
        case "SVFOP_LOCALTIMESTAMP", "SVFOP_LOCALTIMESTAMP_N": return "timestamp"
        case "SVFOP_CURRENT_TIMESTAMP", "SVFOP_CURRENT_TIMESTAMP_N": return "timestamptz"
        default: return "text"
        }
    }
}
