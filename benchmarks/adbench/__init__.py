"""The four ADBench objectives (GMM, BA, hand tracking, LSTM) in plain NumPy, their inputs and peers."""
