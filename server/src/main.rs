//! `vitae`: a thin shim over [`server::cli`].

fn main() -> std::process::ExitCode {
    server::memory::return_large_blocks_to_the_system();
    server::cli::main()
}
