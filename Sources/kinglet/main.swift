print("kinglet")
