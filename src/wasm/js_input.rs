//! JavaScript values -> [`Input`], without ever throwing or trapping: getters that throw,
//! proxies, class instances, symbols and lone surrogates all become values validation can name.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::input::Input;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Object, js_name = keys, catch)]
    fn object_keys(target: &JsValue) -> Result<Vec<JsValue>, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = get, catch)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Reflect, js_name = getPrototypeOf, catch)]
    fn prototype_of(target: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array(value: &JsValue) -> Result<bool, JsValue>;
}

/// Request bodies nest two levels (body -> connect_info -> fields); below that only the kind
/// of a value matters, so deeper objects are not walked.
const MAX_DEPTH: u32 = 3;

/// Converts a JavaScript value. Object properties whose value is `undefined` are dropped, as
/// `JSON.stringify` drops them.
pub fn js_to_input(value: &JsValue) -> Input {
    convert(value, 0)
}

/// Reads one property, turning a throwing getter into `Err(())`.
pub fn get_property(target: &JsValue, key: &str) -> Result<JsValue, ()> {
    reflect_get(target, &JsValue::from_str(key)).map_err(|_| ())
}

fn convert(value: &JsValue, depth: u32) -> Input {
    if value.is_undefined() {
        return Input::Undefined;
    }
    if value.is_null() {
        return Input::Null;
    }
    if let Some(b) = value.as_bool() {
        return Input::Bool(b);
    }
    if let Some(n) = value.as_f64() {
        return Input::Number(n);
    }
    if value.is_string() {
        let s: &js_sys::JsString = value.unchecked_ref();
        if !s.is_valid_utf16() {
            return Input::MalformedString(usize::try_from(s.length()).unwrap_or(usize::MAX));
        }
        return Input::String(value.as_string().unwrap_or_default());
    }
    if value.is_bigint() {
        return Input::Other(String::from("bigint"));
    }
    if value.is_symbol() {
        return Input::Other(String::from("symbol"));
    }
    if value.is_function() {
        return Input::Other(String::from("function"));
    }
    match is_array(value) {
        Ok(true) => return Input::Array,
        Ok(false) => {}
        Err(_) => return Input::Other(String::from("unreadable object")),
    }
    if let Some(kind) = non_plain_kind(value) {
        return Input::Other(kind);
    }
    if depth >= MAX_DEPTH {
        return Input::Object(Vec::new());
    }
    let Ok(keys) = object_keys(value) else {
        return Input::Other(String::from("unreadable object"));
    };
    let mut entries = Vec::with_capacity(keys.len());
    for key in keys {
        let Some(name) = key.as_string() else {
            continue;
        };
        let entry = match reflect_get(value, &key) {
            Ok(v) if v.is_undefined() => continue,
            Ok(v) => convert(&v, depth + 1),
            Err(_) => Input::Other(String::from("unreadable (its getter threw)")),
        };
        entries.push((name, entry));
    }
    Input::Object(entries)
}

/// `None` for a plain object (its prototype is `Object.prototype` of any realm, or null);
/// otherwise the constructor's name, so a message can say "got Date".
fn non_plain_kind(value: &JsValue) -> Option<String> {
    let Ok(proto) = prototype_of(value) else {
        return Some(String::from("unreadable object"));
    };
    if proto.is_null() {
        return None;
    }
    match prototype_of(&proto) {
        Ok(grand) if grand.is_null() => return None,
        Ok(_) => {}
        Err(_) => return Some(String::from("unreadable object")),
    }
    let name = get_property(&proto, "constructor")
        .ok()
        .and_then(|ctor| get_property(&ctor, "name").ok())
        .and_then(|n| n.as_string())
        .filter(|n| !n.is_empty() && n.len() <= 64);
    Some(match name {
        Some(name) => format!("{name} instance"),
        None => String::from("class instance"),
    })
}
