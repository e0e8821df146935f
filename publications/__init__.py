"""Publication of the official annual results (to come); reads only approved results from assessments."""
