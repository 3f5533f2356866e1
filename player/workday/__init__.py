"""The working day: break reminders on a schedule, the schedule as a calendar, Workrave."""
