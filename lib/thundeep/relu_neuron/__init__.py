"""One ReLU neuron trained by gradient descent: its losses, gradients and the descent loop.

Shared by `single_neuron` (Yehudai & Shamir 2020) and `implicit_regularization` (Vardi & Shamir 2021).
Everything is float64 NumPy with a leading batch axis of independent runs: the problems are tiny, so
one vectorised loop over many runs beats per-run tensors on any device.
"""
