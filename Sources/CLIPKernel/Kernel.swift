import CLIPLab
import Foundation

extension Command {
    /// `cliplab kernel CONNECTION_FILE` and `cliplab kernel install`.
    public static let kernel = Command(
        name: "kernel", group: .tools,
        summary: "Run CLIPLab as a Jupyter kernel, or install its kernelspec",
        help: """
        kernel CONNECTION_FILE      serve the Jupyter messaging protocol (5.3) on the ports the
                                    connection file names; Jupyter starts this for you
        kernel install [--user|--prefix DIR|--sys-prefix]
                                    write the kernelspec so Jupyter lists "CLIPLab"

        Every cell runs its lines as REPL commands in one session; pictures (the matrix,
        heatmaps, curves) appear inline. The connection file must be private (chmod 600) and
        carry a signing key; --insecure accepts either, for a machine that is yours alone.
        After installing, start 'jupyter lab' and pick the CLIPLab kernel.

        Example: cliplab kernel install --user
        """,
        positionals: [Positional("CONNECTION_FILE", completion: .files)],
        options: [.insecure],
        subcommands: [.kernelInstall],
        recordsCell: false
    ) { context, args in
        let path = (args.positionals[0] as NSString).expandingTildeInPath
        let insecure = args.flag(.insecure)
        let info: ConnectionInfo
        do throws(KernelError) {
            info = try ConnectionInfo.load(path, insecure: insecure)
        } catch {
            throw LabError.failed(error.description)
        }
        if insecure { FileHandle.standardError.write(Data("cliplab kernel: --insecure: messages are accepted from anyone who can reach the ports and sign with the key (or need no key)\n".utf8)) }
        var settings = context.settings
        settings.color = false
        Interrupt.install()
        let server: KernelServer
        do throws(KernelError) {
            server = try KernelServer(info: info, settings: settings, table: context.table)
        } catch {
            throw LabError.missing("cannot start the kernel: \(error.description)")
        }
        let status = server.run()
        return status == 0 ? .empty : Output("kernel stopped")
    }

    static let kernelInstall = Command(
        name: "install", group: .tools,
        summary: "Install the CLIPLab kernelspec for Jupyter",
        help: """
        Writes kernels/cliplab/kernel.json (display name "CLIPLab", this executable in argv,
        interrupts by message) and two logos. Without an option it installs for the whole
        machine (/usr/local/share/jupyter); --user for you alone; --sys-prefix into the active
        virtualenv; --prefix DIR under DIR/share/jupyter.

        Example: cliplab kernel install --user
                 jupyter kernelspec list
        """,
        options: [.userInstall, .prefix, .sysPrefix],
        recordsCell: false
    ) { context, args in
        let chosen = [args.flag(.userInstall), args.value(.prefix) != nil, args.flag(.sysPrefix)].filter { $0 }.count
        guard chosen <= 1 else {
            throw LabError.usage("choose one of --user, --prefix DIR, --sys-prefix", usage: "kernel install [--user|--prefix DIR|--sys-prefix]")
        }
        let location: KernelSpec.Location = args.flag(.userInstall) ? .user
            : args.value(.prefix).map { .prefix(($0 as NSString).expandingTildeInPath) }
            ?? (args.flag(.sysPrefix) ? .sysPrefix : .system)
        let folder = try KernelSpec.install(location)
        return Output("installed the CLIPLab kernelspec in \(folder)")
    }
}

extension Option {
    static let insecure: Option = .flag("insecure", help: "accept a connection file others can read, or one without a key")
    static let userInstall: Option = .flag("user", help: "install for the current user (~/.local/share/jupyter)")
    static let prefix: Option = .value("prefix", "DIR", completion: .files, help: "install under DIR/share/jupyter")
    static let sysPrefix: Option = .flag("sys-prefix", help: "install into the active virtualenv ($VIRTUAL_ENV)")
}
