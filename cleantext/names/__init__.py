"""Name normalization: folding names to keys, and the index of gazetteer names the names pass uses."""
