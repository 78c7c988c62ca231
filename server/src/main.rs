//! `vitae`: a thin shim over [`vitae::cli`].

fn main() -> std::process::ExitCode {
    vitae::memory::return_large_blocks_to_the_system();
    vitae::cli::main()
}
