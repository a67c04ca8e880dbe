// This target exists so that SwiftPM watches the `sql/` folder: adding, editing or deleting a `.sql`
// file under sql/schema or sql/queries re-plans the SQLGenPlugin on the next `swift build`.
enum SQLSources {}
