// The generated queries' API is made of the runtime's types (`Queries`, `JSONValue`, `Migration`,
// `QueryBatchError`, ...): whoever imports Database gets them with it, as one module.
@_exported import SQLGenRuntime
