"""What the layer routes call: JSON tensors in, engine call, JSON tensors out.

Each function checks shapes and the work budget first, then decodes the
tensors, then calls the engine once. Run them off the event loop.
"""
