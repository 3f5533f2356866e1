"""Routine files from the tools people come from: Workrave exercises, Just Another Workout
Timer backups, OpenHIIT exports. Each reader turns its format into an `Imported` routine;
`write.routine_yaml` makes the commented routine file."""
