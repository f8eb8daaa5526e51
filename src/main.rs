fn main() {
    println!("tricodec: CLI being written");
}
