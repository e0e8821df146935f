"""Commands: criteria import and export, score_answers, generate_periods, send_reminders."""
