//! Messages cross to and from the workers as JavaScript values (structured
//! clone), not bincode: a `File` inside a message stays a `File`.

use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::JsValue;

/// A message as the JavaScript value posted (maps as plain objects).
pub fn encode<T: Serialize>(message: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    message
        .serialize(&serializer)
        .unwrap_or_else(|e| JsValue::from_str(&format!("message not serializable: {e}")))
}

/// The message a posted JavaScript value holds; an error for a value that
/// is not one (both ends are this crate, so that is a bug, or not ours).
pub fn decode<T: DeserializeOwned>(value: JsValue) -> Result<T, serde_wasm_bindgen::Error> {
    serde_wasm_bindgen::from_value(value)
}
