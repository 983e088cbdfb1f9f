//! Inference through WASI-NN (`wasi_ephemeral_nn`), as the host ABI's WASI-NN section defines it: a
//! model is named by its 32-byte SHA-256 ([`Graph::load`]) or by a registered name
//! ([`Graph::load_by_name`]); only ONNX on the CPU target.
//!
//! A contract that never calls these functions has no `wasi_ephemeral_nn` imports at all.

use alloc::vec::Vec;

#[cfg(target_arch = "wasm32")]
mod imports {
    #[link(wasm_import_module = "wasi_ephemeral_nn")]
    extern "C" {
        pub fn load(builders_ptr: *const u8, builders_len: u32, encoding: u32, target: u32, graph_out: *mut u32) -> u32;
        pub fn load_by_name(name_ptr: *const u8, name_len: u32, graph_out: *mut u32) -> u32;
        pub fn init_execution_context(graph: u32, ctx_out: *mut u32) -> u32;
        pub fn set_input(ctx: u32, index: u32, tensor_ptr: *const u8) -> u32;
        pub fn compute(ctx: u32) -> u32;
        pub fn get_output(ctx: u32, index: u32, out_ptr: *mut u8, out_max_len: u32, written_out: *mut u32) -> u32;
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imports {
    fn no_host() -> ! {
        panic!("wasi_ephemeral_nn exists only inside the contract VM")
    }
    pub unsafe fn load(_: *const u8, _: u32, _: u32, _: u32, _: *mut u32) -> u32 {
        no_host()
    }
    pub unsafe fn load_by_name(_: *const u8, _: u32, _: *mut u32) -> u32 {
        no_host()
    }
    pub unsafe fn init_execution_context(_: u32, _: *mut u32) -> u32 {
        no_host()
    }
    pub unsafe fn set_input(_: u32, _: u32, _: *const u8) -> u32 {
        no_host()
    }
    pub unsafe fn compute(_: u32) -> u32 {
        no_host()
    }
    pub unsafe fn get_output(_: u32, _: u32, _: *mut u8, _: u32, _: *mut u32) -> u32 {
        no_host()
    }
}

/// `graph_encoding` ONNX: the only one the VM accepts.
pub const ENCODING_ONNX: u32 = 1;
/// `execution_target` CPU: the only one the VM accepts.
pub const TARGET_CPU: u32 = 0;

/// An `nn_errno` other than success.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NnError {
    InvalidArgument,
    InvalidEncoding,
    MissingMemory,
    Busy,
    RuntimeError,
    UnsupportedOperation,
    TooLarge,
    NotFound,
    Unknown(u32),
}

impl NnError {
    fn check(errno: u32) -> Result<(), NnError> {
        Err(match errno {
            0 => return Ok(()),
            1 => NnError::InvalidArgument,
            2 => NnError::InvalidEncoding,
            3 => NnError::MissingMemory,
            4 => NnError::Busy,
            5 => NnError::RuntimeError,
            6 => NnError::UnsupportedOperation,
            7 => NnError::TooLarge,
            8 => NnError::NotFound,
            other => NnError::Unknown(other),
        })
    }

    pub fn message(self) -> &'static str {
        match self {
            NnError::InvalidArgument => "wasi-nn: invalid argument",
            NnError::InvalidEncoding => "wasi-nn: invalid encoding",
            NnError::MissingMemory => "wasi-nn: missing memory",
            NnError::Busy => "wasi-nn: busy",
            NnError::RuntimeError => "wasi-nn: runtime error",
            NnError::UnsupportedOperation => "wasi-nn: unsupported operation",
            NnError::TooLarge => "wasi-nn: too large",
            NnError::NotFound => "wasi-nn: model not found",
            NnError::Unknown(_) => "wasi-nn: unknown error",
        }
    }
}

/// `tensor_type` tags: witx's, and Lockstep's own `I8` and `Bool`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(u8)]
pub enum TensorType {
    F16 = 0,
    F32 = 1,
    F64 = 2,
    U8 = 3,
    I32 = 4,
    I64 = 5,
    I8 = 6,
    Bool = 7,
}

/// A loaded model; valid until the call ends.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Graph(u32);

impl Graph {
    /// Loads the registered model whose SHA-256 is `hash`: pins the exact bytes (and results).
    pub fn load(hash: &[u8; 32]) -> Result<Graph, NnError> {
        let mut builder = [0u8; 8];
        builder[..4].copy_from_slice(&(hash.as_ptr() as u32).to_le_bytes());
        builder[4..].copy_from_slice(&32u32.to_le_bytes());
        let mut graph = 0u32;
        NnError::check(unsafe { imports::load(builder.as_ptr(), 1, ENCODING_ONNX, TARGET_CPU, &mut graph) })?;
        Ok(Graph(graph))
    }

    /// Loads the model a registered name points at when the call executes.
    pub fn load_by_name(name: &str) -> Result<Graph, NnError> {
        let mut graph = 0u32;
        NnError::check(unsafe { imports::load_by_name(name.as_ptr(), name.len() as u32, &mut graph) })?;
        Ok(Graph(graph))
    }

    pub fn handle(self) -> u32 {
        self.0
    }

    /// A new execution context on this model.
    pub fn context(self) -> Result<Context, NnError> {
        let mut ctx = 0u32;
        NnError::check(unsafe { imports::init_execution_context(self.0, &mut ctx) })?;
        Ok(Context(ctx))
    }
}

/// An execution context: inputs, a run, outputs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Context(u32);

impl Context {
    pub fn handle(self) -> u32 {
        self.0
    }

    /// Sets input `index` to a tensor of `dims` whose elements are `data`, row-major, little-endian.
    pub fn set_input(self, index: u32, kind: TensorType, dims: &[u32], data: &[u8]) -> Result<(), NnError> {
        let mut dim_bytes = Vec::with_capacity(dims.len() * 4);
        for d in dims {
            dim_bytes.extend_from_slice(&d.to_le_bytes());
        }
        let tensor = tensor_struct(dim_bytes.as_ptr() as u32, dims.len() as u32, kind, data.as_ptr() as u32, data.len() as u32);
        NnError::check(unsafe { imports::set_input(self.0, index, tensor.as_ptr()) })
    }

    /// Sets input `index` to an `f32` tensor.
    pub fn set_input_f32(self, index: u32, dims: &[u32], values: &[f32]) -> Result<(), NnError> {
        let mut data = Vec::with_capacity(values.len() * 4);
        for v in values {
            data.extend_from_slice(&v.to_le_bytes());
        }
        self.set_input(index, TensorType::F32, dims, &data)
    }

    /// Runs the model on the inputs set; charges the model's whole inference fuel first.
    pub fn compute(self) -> Result<(), NnError> {
        NnError::check(unsafe { imports::compute(self.0) })
    }

    /// Output `index`'s raw little-endian bytes.
    pub fn output(self, index: u32) -> Result<Vec<u8>, NnError> {
        let mut buffer: Vec<u8> = Vec::with_capacity(256);
        let mut written = 0u32;
        let errno = unsafe { imports::get_output(self.0, index, buffer.as_mut_ptr(), 256, &mut written) };
        if errno == 7 && written > 256 {
            // Too small: the host still said how long the output is.
            buffer = Vec::with_capacity(written as usize);
            NnError::check(unsafe { imports::get_output(self.0, index, buffer.as_mut_ptr(), written, &mut written) })?;
        } else {
            NnError::check(errno)?;
        }
        unsafe { buffer.set_len(written as usize) };
        Ok(buffer)
    }

    /// Output `index` read as `f32` values.
    pub fn output_f32(self, index: u32) -> Result<Vec<f32>, NnError> {
        let bytes = self.output(index)?;
        Ok(bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
}

/// The 20-byte `tensor` struct: dims pointer and count, type (then three bytes of padding), data pointer and length.
fn tensor_struct(dims_ptr: u32, dims_len: u32, kind: TensorType, data_ptr: u32, data_len: u32) -> [u8; 20] {
    let mut tensor = [0u8; 20];
    tensor[0..4].copy_from_slice(&dims_ptr.to_le_bytes());
    tensor[4..8].copy_from_slice(&dims_len.to_le_bytes());
    tensor[8] = kind as u8;
    tensor[12..16].copy_from_slice(&data_ptr.to_le_bytes());
    tensor[16..20].copy_from_slice(&data_len.to_le_bytes());
    tensor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tensor_layout() {
        let t = tensor_struct(0x01020304, 2, TensorType::Bool, 0x0a0b0c0d, 9);
        assert_eq!(t, [4, 3, 2, 1, 2, 0, 0, 0, 7, 0, 0, 0, 0x0d, 0x0c, 0x0b, 0x0a, 9, 0, 0, 0]);
        assert_eq!(NnError::check(0), Ok(()));
        assert_eq!(NnError::check(7), Err(NnError::TooLarge));
    }
}
