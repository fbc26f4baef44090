// KingletReport
