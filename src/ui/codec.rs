//! Messages cross to the worker as JavaScript values (structured clone),
//! not bincode: a `File` inside a message stays a `File`.

use gloo_worker::Codec;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// The codec of the page's worker messages.
#[derive(Debug)]
pub struct JsCodec;

impl Codec for JsCodec {
    fn encode<I: Serialize>(input: I) -> JsValue {
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
        input
            .serialize(&serializer)
            .unwrap_or_else(|e| JsValue::from_str(&format!("message not serializable: {e}")))
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        match serde_wasm_bindgen::from_value(input) {
            Ok(value) => value,
            // Both ends are this crate: a message that does not decode is a bug.
            Err(e) => panic!("worker message does not decode: {e}"),
        }
    }
}
