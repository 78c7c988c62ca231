//! The JSON Schema the model must answer in, generated from the Rust model (never written by
//! hand, so it cannot drift from [`resume::Resume`]), and a check that an answer conforms to it.
//!
//! # Why the generated schema is post-processed
//! OpenAI's strict structured output (and the providers that copy it) accept only a subset of JSON
//! Schema: every object must say `additionalProperties: false` and list **every** property in
//! `required` (optional values are meant to be nullable instead), and keywords such as `default`
//! and `format` are rejected. schemars describes what Vitae's tolerant *reader* accepts: fields
//! with `#[serde(default)]` are optional, and the `#[serde(flatten)] extra` maps (which keep
//! unknown keys on read-modify-write) allow any other property. For a model's answer the strict
//! reading is the right one — Vitae writes every key anyway, with `""`/`[]` for "absent", and
//! keys it does not know would be dropped — so [`strict`] closes every object and requires every
//! property. [`check`] then applies the same rules to the answer, since a provider that ignores
//! `strict` (or a `json_object`-only one) can return anything.

use serde_json::{Map, Value};

/// The schema of [`resume::Resume`], in the strict form described in the module docs.
pub fn resume_schema() -> Value {
    let mut schema = schemars::schema_for!(resume::Resume).to_value();
    strict(&mut schema);
    schema
}

/// Closes every object (`additionalProperties: false`), requires every property, and removes
/// the keywords strict mode rejects (`default`, `format`, siblings of `$ref`).
pub fn strict(schema: &mut Value) {
    let map = match schema {
        Value::Object(map) => map,
        Value::Array(items) => return items.iter_mut().for_each(strict),
        _ => return,
    };
    for key in ["$schema", "default", "format", "examples"] {
        map.remove(key);
    }
    // Strict mode rejects keywords beside a `$ref` (a doc comment on a field whose type is a
    // struct becomes a `description` there).
    if map.contains_key("$ref") {
        map.retain(|key, _| key == "$ref");
    }
    if let Some(Value::Object(props)) = map.get("properties") {
        let required: Vec<Value> = props.keys().cloned().map(Value::String).collect();
        map.insert("required".into(), Value::Array(required));
        map.insert("additionalProperties".into(), Value::Bool(false));
    }
    for (key, value) in map.iter_mut() {
        match (key.as_str(), value) {
            // Maps from names to schemas: the names are not keywords (a field may be called
            // `format`), the values are schemas.
            ("properties" | "$defs" | "definitions", Value::Object(children)) => {
                children.values_mut().for_each(strict)
            }
            ("required" | "enum" | "const", _) => {}
            (_, value) => strict(value),
        }
    }
}

/// `value` reshaped to conform to `schema`: keys the schema does not have are dropped (the
/// built-in parser keeps extras such as an entry's lead paragraph in the model's `extra` maps)
/// and missing properties are added empty. This is how the draft is shown to the model — in the
/// exact shape its answer must have.
pub fn project(schema: &Value, value: &Value) -> Value {
    let checker = Checker { root: schema };
    checker.project(schema, Some(value))
}

/// Whether `value` conforms to `schema` (the subset [`strict`] produces: `type`, `properties`,
/// `additionalProperties`, `items`, `$ref` into `$defs`), with `required` read leniently: a
/// missing property reads as empty, as the résumé reader reads it. The error names the first
/// offending path, e.g. `experience[0].company: expected string`.
pub fn check(schema: &Value, value: &Value) -> Result<(), String> {
    Checker { root: schema }.check(schema, value, "$")
}

struct Checker<'a> {
    root: &'a Value,
}

impl Checker<'_> {
    fn resolve<'s>(&'s self, schema: &'s Value) -> Result<&'s Value, String> {
        match schema.get("$ref").and_then(Value::as_str) {
            None => Ok(schema),
            Some(reference) => {
                let pointer = reference
                    .strip_prefix('#')
                    .ok_or_else(|| format!("unsupported $ref {reference}"))?;
                self.root
                    .pointer(pointer)
                    .ok_or_else(|| format!("unresolved $ref {reference}"))
            }
        }
    }

    fn project(&self, schema: &Value, value: Option<&Value>) -> Value {
        let Ok(schema) = self.resolve(schema) else {
            return Value::Null;
        };
        let kind = schema.get("type").and_then(Value::as_str).unwrap_or("");
        match (kind, value) {
            ("object", value) => {
                let empty = Map::new();
                let props = schema
                    .get("properties")
                    .and_then(Value::as_object)
                    .unwrap_or(&empty);
                let fields = value.and_then(Value::as_object);
                let out = props
                    .iter()
                    .map(|(name, prop)| {
                        let field = fields.and_then(|f| f.get(name));
                        (name.clone(), self.project(prop, field))
                    })
                    .collect();
                Value::Object(out)
            }
            ("array", Some(Value::Array(items))) => {
                let item_schema = schema.get("items").unwrap_or(&Value::Bool(true));
                Value::Array(
                    items
                        .iter()
                        .map(|item| self.project(item_schema, Some(item)))
                        .collect(),
                )
            }
            ("array", _) => Value::Array(Vec::new()),
            ("string", Some(v @ Value::String(_))) | ("boolean", Some(v @ Value::Bool(_))) => {
                v.clone()
            }
            ("string", _) => Value::String(String::new()),
            ("boolean", _) => Value::Bool(false),
            (_, v) => v.cloned().unwrap_or(Value::Null),
        }
    }

    fn check(&self, schema: &Value, value: &Value, path: &str) -> Result<(), String> {
        let schema = self.resolve(schema)?;
        let Some(schema) = schema.as_object() else {
            // `true` accepts anything, `false` nothing.
            return match schema {
                Value::Bool(false) => Err(format!("{path}: not allowed")),
                _ => Ok(()),
            };
        };
        if let Some(kind) = schema.get("type") {
            let kinds: Vec<&str> = match kind {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !kinds.iter().any(|k| is_kind(value, k)) {
                return Err(format!("{path}: expected {}", kinds.join(" or ")));
            }
        }
        if let Value::Object(fields) = value {
            self.check_object(schema, fields, path)?;
        }
        if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
            for (i, item) in items.iter().enumerate() {
                self.check(item_schema, item, &format!("{path}[{i}]"))?;
            }
        }
        Ok(())
    }

    fn check_object(
        &self,
        schema: &Map<String, Value>,
        fields: &Map<String, Value>,
        path: &str,
    ) -> Result<(), String> {
        let empty = Map::new();
        let props = schema
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        // A missing property is not checked: the answer is read the way Vitae reads any stored
        // résumé, where an absent key is empty. A provider without strict output (or a model
        // answering in Wrkks's own shape, without Vitae's extension keys such as `profiles`)
        // gives a usable answer, and refusing it would drop it for the built-in result.
        for (name, value) in fields {
            let field_path = format!("{path}.{name}");
            match props.get(name) {
                Some(prop) => self.check(prop, value, &field_path)?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{field_path}: not in the schema"));
                }
                None => {}
            }
        }
        Ok(())
    }
}

fn is_kind(value: &Value, kind: &str) -> bool {
    match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "null" => value.is_null(),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every object schema, wherever it is (root, `$defs`, items).
    fn objects(schema: &Value, out: &mut Vec<Map<String, Value>>) {
        match schema {
            Value::Object(map) => {
                if map.contains_key("properties") {
                    out.push(map.clone());
                }
                map.values().for_each(|v| objects(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| objects(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_object_in_the_schema_is_closed_and_requires_all_its_properties() {
        let schema = resume_schema();
        let mut all = Vec::new();
        objects(&schema, &mut all);
        assert!(all.len() >= 9, "one object per model type: {}", all.len());
        for object in all {
            assert_eq!(object["additionalProperties"], Value::Bool(false));
            let props: Vec<&String> = object["properties"].as_object().unwrap().keys().collect();
            let required: Vec<&str> = object["required"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            assert_eq!(props, required, "every property is required");
        }
        let text = schema.to_string();
        assert!(!text.contains("\"default\""), "strict mode rejects default");
        assert!(text.contains("isCurrentRole") && text.contains("frameworksAndTools"));
    }

    #[test]
    fn a_draft_with_extension_keys_is_projected_onto_the_schema() {
        let schema = resume_schema();
        let mut draft = resume::Resume::default();
        draft.experience.push(resume::Experience {
            company: "Acme".into(),
            ..Default::default()
        });
        draft.experience[0]
            .extra
            .insert("summary".into(), "A lead paragraph".into());
        let raw = serde_json::to_value(&draft).unwrap();
        assert!(
            check(&schema, &raw).is_err(),
            "extras are not in the schema"
        );
        let shaped = project(&schema, &raw);
        check(&schema, &shaped).expect("the projection conforms");
        assert_eq!(shaped["experience"][0]["company"], "Acme");
        assert_eq!(shaped["personalInfo"]["profiles"], serde_json::json!([]));
    }

    #[test]
    fn what_vitae_writes_conforms_and_a_wrong_shape_does_not() {
        let schema = resume_schema();
        let written = serde_json::to_value(resume::Resume::default()).unwrap();
        // Extension keys are written only when non-empty; the model must always send them.
        let mut full = written.clone();
        full["personalInfo"]["profiles"] = serde_json::json!([]);
        full["skills"]["groups"] = serde_json::json!([]);
        check(&schema, &full).expect("a complete empty résumé conforms");

        // What Wrkks writes (no extension keys) reads as that résumé with the rest empty.
        check(&schema, &written).expect("a résumé without the extension keys conforms");
        let wrkks: Value = serde_json::from_str(include_str!(
            "../../../../resume/tests/fixtures/wrkks-sample-resume.json"
        ))
        .unwrap();
        check(&schema, &wrkks).expect("Wrkks's own sample résumé conforms");

        let got = check(&schema, &serde_json::json!({"personalInfo": 5}))
            .expect_err("a wrong type must not conform");
        assert!(got.contains("$.personalInfo: expected object"), "{got}");
        let mut extra = full.clone();
        extra["experience"] = serde_json::json!([{"company": 1}]);
        let got = check(&schema, &extra).unwrap_err();
        assert!(got.starts_with("$.experience[0]"), "{got}");
    }
}
