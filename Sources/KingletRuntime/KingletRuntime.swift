// KingletRuntime
