use crate::common::{Args, CmdResult, Failure};

pub fn run(cmd: &str, _args: Args) -> CmdResult {
    Err(Failure::Usage(format!("unknown gate command {cmd:?}")))
}
