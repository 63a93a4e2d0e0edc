import Foundation

/// Where CLIPLab keeps files between runs — one rule for every state and cache file.
///
/// State (progress, settings, history, the toy model kept on quit) lives in
/// `$XDG_STATE_HOME/cliplab`, else `$HOME/.cliplab`; caches (image embeddings) in
/// `$XDG_CACHE_HOME/cliplab`, else `$HOME/.cache/cliplab`. `$HOME` decides, not the
/// account's password entry, so a test or a second profile can point it elsewhere.
///
/// Example: with `HOME=/tmp/h` and no XDG variables, `state()` is `/tmp/h/.cliplab` and
/// `cache()` is `/tmp/h/.cache/cliplab`.
public enum UserFolders {
    /// `$HOME`, else the account's home folder.
    public static func home(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    /// The folder for state kept between runs.
    public static func state(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/cliplab" }
        return home(environment) + "/.cliplab"
    }

    /// The folder for caches that may be deleted at any time.
    public static func cache(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/cliplab" }
        return home(environment) + "/.cache/cliplab"
    }

    /// The command history: `STATE/history` with `$XDG_STATE_HOME`, else `~/.cliplab_history`.
    public static func history(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") { return xdg + "/cliplab/history" }
        return home(environment) + "/.cliplab_history"
    }

    /// `path` with the home folder written as `~` (for messages).
    public static func tilde(_ path: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let home = home(environment)
        return path.hasPrefix(home + "/") ? "~" + path.dropFirst(home.count) : path
    }
}
