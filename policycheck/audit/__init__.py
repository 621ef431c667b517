"""`policycheck audit`: is the next release ready, is the case-study pipeline on schedule, and
where did the process slip. One module per part: `history` (past releases, from git),
`health` (configs, reports, waivers), `release` (this release), `schedule` (deadlines), and
`report` (the verdict and its formats)."""
