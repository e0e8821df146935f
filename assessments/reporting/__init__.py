"""The agency's reporting: screens, forms, saving, evidence, check, submission, PDF, dashboard and reminders."""
