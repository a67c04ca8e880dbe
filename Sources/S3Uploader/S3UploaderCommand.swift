import ArgumentParser

@main
struct S3UploaderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "s3uploader",
        abstract: "Authenticated file uploads streamed to S3 (or local disk), metadata in PostgreSQL.",
        subcommands: [ServeCommand.self, WorkerCommand.self, MigrateCommand.self, TokenCommand.self, SettingsCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
