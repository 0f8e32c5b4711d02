//! JavaScript values -> [`Input`], in one crossing: `input.js` describes the value as a tagged
//! JSON tree (it never throws: getters that throw, proxies, class instances, symbols and lone
//! surrogates all become values validation can name), and Rust reads the tree.

use serde_json::Value;
use wasm_bindgen::prelude::*;

use crate::input::Input;

#[wasm_bindgen(module = "/src/wasm/input.js")]
extern "C" {
    #[wasm_bindgen(js_name = describeInput, catch)]
    fn describe_input(value: &JsValue) -> Result<String, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
}

/// Converts a JavaScript value. Object properties whose value is `undefined` are dropped, as
/// `JSON.stringify` drops them; objects deeper than the request's three levels are not walked.
pub fn js_to_input(value: &JsValue) -> Input {
    let Ok(text) = describe_input(value) else {
        return Input::Other(String::from("unreadable value"));
    };
    // from_slice, as response parsing uses: one instantiation of the JSON reader, not two.
    match serde_json::from_slice::<Value>(text.as_bytes()) {
        Ok(tree) => from_tree(&tree),
        Err(_) => Input::Other(String::from("unreadable value")),
    }
}

fn from_tree(node: &Value) -> Input {
    let Some(items) = node.as_array() else {
        return Input::Other(String::from("unreadable value"));
    };
    let tag = items.first().and_then(Value::as_str).unwrap_or("");
    let arg = items.get(1);
    match (tag, arg) {
        ("u", _) => Input::Undefined,
        ("n", _) => Input::Null,
        ("b", Some(Value::Bool(b))) => Input::Bool(*b),
        ("d", Some(Value::Number(n))) => Input::Number(n.as_f64().unwrap_or(f64::NAN)),
        ("d", Some(Value::String(n))) => Input::Number(non_finite(n)),
        ("s", Some(Value::String(s))) => Input::String(s.clone()),
        ("m", Some(len)) => Input::MalformedString(
            len.as_u64()
                .and_then(|l| usize::try_from(l).ok())
                .unwrap_or(0),
        ),
        ("a", _) => Input::Array,
        ("o", Some(Value::Array(entries))) => Input::Object(
            entries
                .iter()
                .filter_map(|entry| {
                    let pair = entry.as_array()?;
                    let key = pair.first()?.as_str()?;
                    Some((key.to_owned(), from_tree(pair.get(1)?)))
                })
                .collect(),
        ),
        ("x", Some(Value::String(kind))) => Input::Other(kind.clone()),
        _ => Input::Other(String::from("unreadable value")),
    }
}

/// The numbers JSON cannot carry, as `String(number)` writes them.
fn non_finite(text: &str) -> f64 {
    match text {
        "Infinity" => f64::INFINITY,
        "-Infinity" => f64::NEG_INFINITY,
        _ => f64::NAN,
    }
}

/// Reads one property, turning a throwing getter into `Err(())`.
pub fn get_property(target: &JsValue, key: &str) -> Result<JsValue, ()> {
    reflect_get(target, &JsValue::from_str(key)).map_err(|_| ())
}
