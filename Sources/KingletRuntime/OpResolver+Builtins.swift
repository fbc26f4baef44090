extension OpResolver {
    /// Every operator Kinglet implements.
    public static var allBuiltins: OpResolver {
        OpResolver([
            .fullyConnected,
        ])
    }
}
