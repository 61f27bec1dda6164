// Placeholder until the rusage helper lands (owner: submit/timing).
