// sqlx::migrate! embeds migrations/ at compile time but cannot tell cargo to watch that folder:
// without this a new migration file would not be compiled in until something else changed.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
