//! Overdue: a task not `done` whose valid `due` date is before today — the one home of that
//! test for the report, the tasks graph and the timeline.

use super::{Status, Task};
use crate::syntax::Date;

impl Task {
    /// Whether the task is not done and its (valid) due date is before `today`.
    pub fn is_overdue(&self, today: Date) -> bool {
        self.status != Status::Done && self.valid_due().is_some_and(|d| d < today)
    }
}
