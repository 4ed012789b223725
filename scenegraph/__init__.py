"""scenegraph: the digital-transformation scenario graph of the aluminium industry chain.

铝产业链数字化转型场景图谱.
"""

__version__ = "0.1.0"
