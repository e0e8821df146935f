"""The appraiser's side: the workspace of reports to appraise, a decision per indicator, return, reopen, approve."""
