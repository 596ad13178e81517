"""cnnvis engine: convolution, pooling and dense layers in pure NumPy.

Import the public API from :mod:`engine.functional`; it follows
``torch.nn.functional`` so results can be checked against PyTorch.
"""
