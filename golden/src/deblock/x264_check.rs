//! Conformance against x264 + ffmpeg (being written).
