//! The functions `spectral:oas` rules call besides Spectral's core
//! functions (`oasOpParams`, `oasDocumentSchema`, ...), one file each.
//!
//! They are looked up by the same name table as the core functions
//! ([`crate::functions::builtin`]), so a company rule set may call them
//! too, e.g. to apply `oasExample` under its own rule name.

mod oas_discriminator;
mod oas_document_schema;
mod oas_example;
mod oas_example_ajv;
mod oas_example_formats;
mod oas_example_meta;
mod oas_example_report;
mod oas_example_resolve;
mod oas_schema;
mod oas_security_defined;
mod oas_unused_component;
mod ref_siblings;
mod server_variables;

mod oas_op_form_data_consume_check;
mod oas_op_id_unique;
mod oas_op_params;
mod oas_op_success_response;
mod oas_path_param;
mod oas_tag_defined;
mod uniqueness_tags;

use crate::functions::Constructor;

/// Every `spectral:oas` function under the name the rule set uses.
pub(crate) const FUNCTIONS: &[(&str, Constructor)] = &[
    ("oasDiscriminator", oas_discriminator::new),
    ("oasSecurityDefined", oas_security_defined::new),
    ("oasUnusedComponent", oas_unused_component::new),
    ("refSiblings", ref_siblings::new),
    ("serverVariables", server_variables::new),
    ("oasDocumentSchema", oas_document_schema::new),
    ("oasExample", oas_example::new),
    ("oasSchema", oas_schema::new),
    ("oasOpSuccessResponse", oas_op_success_response::new),
    (
        "oasOpFormDataConsumeCheck",
        oas_op_form_data_consume_check::new,
    ),
    ("oasOpIdUnique", oas_op_id_unique::new),
    ("oasOpParams", oas_op_params::new),
    ("oasTagDefined", oas_tag_defined::new),
    ("uniquenessTags", uniqueness_tags::new),
    ("oasPathParam", oas_path_param::new),
];
