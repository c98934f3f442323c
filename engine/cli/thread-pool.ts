/**
 * Imported first by the CLI: file writes with fsync block a libuv thread each, and libuv's default of 4 threads
 * would let only 4 of the engine's parallel fsyncs run at once. libuv reads UV_THREADPOOL_SIZE when the pool
 * starts (on the first asynchronous file operation), so it is set before anything runs; an explicit value in
 * the environment wins.
 */
process.env.UV_THREADPOOL_SIZE ??= '16';
