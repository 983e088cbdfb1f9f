//! Writes a contract's Ethereum ABI JSON (the `abi` array solc emits).

use crate::abi::SolName;
use alloc::string::String;
use alloc::vec::Vec;

pub struct AbiJson {
    entries: Vec<String>,
}

fn params(items: &mut dyn Iterator<Item = (&str, &str, Option<bool>)>) -> String {
    let mut out = String::from("[");
    let mut first = true;
    for (name, kind, indexed) in items {
        if !first {
            out.push_str(", ");
        }
        first = false;
        out.push_str("{\"name\": \"");
        out.push_str(name);
        out.push_str("\", \"type\": \"");
        out.push_str(kind);
        out.push('"');
        if let Some(indexed) = indexed {
            out.push_str(if indexed { ", \"indexed\": true" } else { ", \"indexed\": false" });
        }
        out.push('}');
    }
    out.push(']');
    out
}

impl AbiJson {
    pub fn new() -> AbiJson {
        AbiJson { entries: Vec::new() }
    }

    pub fn constructor(&mut self, inputs: &[(&str, SolName)], mutability: &str) {
        let inputs = params(&mut inputs.iter().map(|(n, t)| (*n, t.as_str(), None)));
        self.entries.push(alloc::format!(
            "  {{\"type\": \"constructor\", \"inputs\": {}, \"stateMutability\": \"{}\"}}",
            inputs, mutability
        ));
    }

    pub fn function(&mut self, name: &str, inputs: &[(&str, SolName)], outputs: &[SolName], mutability: &str) {
        let inputs = params(&mut inputs.iter().map(|(n, t)| (*n, t.as_str(), None)));
        let outputs = params(&mut outputs.iter().map(|t| ("", t.as_str(), None)));
        self.entries.push(alloc::format!(
            "  {{\"type\": \"function\", \"name\": \"{}\", \"inputs\": {}, \"outputs\": {}, \"stateMutability\": \"{}\"}}",
            name, inputs, outputs, mutability
        ));
    }

    pub fn event(&mut self, name: &str, inputs: &[(&str, SolName, bool)]) {
        let inputs = params(&mut inputs.iter().map(|(n, t, i)| (*n, t.as_str(), Some(*i))));
        self.entries.push(alloc::format!(
            "  {{\"type\": \"event\", \"name\": \"{}\", \"inputs\": {}, \"anonymous\": false}}",
            name, inputs
        ));
    }

    pub fn finish(self) -> String {
        let mut out = String::from("[\n");
        out.push_str(&self.entries.join(",\n"));
        out.push_str("\n]\n");
        out
    }
}

impl Default for AbiJson {
    fn default() -> AbiJson {
        AbiJson::new()
    }
}
