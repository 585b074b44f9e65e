//! Placeholder: the one-walk evaluator (being written).
