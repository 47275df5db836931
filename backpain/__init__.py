"""The project package.

Search by meaning multiplies a query's vector by every document's (numpy,
OpenBLAS). Each web worker is one process serving one request at a time,
so BLAS threads only fight the other workers for the cores: one thread,
unless the environment says otherwise, set before anything imports numpy.
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
