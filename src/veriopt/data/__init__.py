"""Dataset builder: C/C++ sources -> verified (-O0, instcombine) function pairs."""
