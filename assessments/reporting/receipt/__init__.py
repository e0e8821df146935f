"""The receipt of a submitted report: its reference and verification code, the PDF an official signs
and files, and the public check that a receipt exists."""
