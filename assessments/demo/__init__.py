"""The demo content of the assessments: the data files in this folder and the code that loads them."""
