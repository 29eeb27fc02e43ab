// `embed_migrations!` reads ../migrations at compile time; without this, adding a migration
// would not rebuild the server and the binary would run without it.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
