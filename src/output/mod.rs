//! Placeholder: renderers land with the CLI work.
