//! Columns: a query result's columns read by name, as text or as 64-bit integers whatever type
//! the engine gave them (engines differ on the widths of counts and sums).

use crate::base::datetime::Month;
use crate::base::error::{Error, Result};
use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::DataType;

/// The error of a query's result.
pub(crate) fn wrong(query: &str, what: impl std::fmt::Display) -> Error {
    Error::Data(format!("engine: query {query}: {what}"))
}

/// Column `name` of `batch`, cast to `kind`.
fn cast(query: &str, batch: &RecordBatch, name: &str, kind: &DataType) -> Result<ArrayRef> {
    let i = batch
        .schema()
        .index_of(name)
        .map_err(|_| wrong(query, format!("no column {name}")))?;
    arrow_cast::cast(batch.column(i), kind).map_err(|e| wrong(query, format!("column {name}: {e}")))
}

/// Column `name` of `batch` as text.
pub(crate) fn texts(query: &str, batch: &RecordBatch, name: &str) -> Result<StringArray> {
    Ok(cast(query, batch, name, &DataType::Utf8)?
        .as_string::<i32>()
        .clone())
}

/// Column `name` of `batch` as 64-bit integers.
pub(crate) fn ints(query: &str, batch: &RecordBatch, name: &str) -> Result<Int64Array> {
    Ok(cast(query, batch, name, &DataType::Int64)?
        .as_primitive::<Int64Type>()
        .clone())
}

/// The text of `row`, `None` when null.
pub(crate) fn text(a: &StringArray, row: usize) -> Option<&str> {
    (!a.is_null(row)).then(|| a.value(row))
}

/// The integer of `row`, `None` when null.
pub(crate) fn int(a: &Int64Array, row: usize) -> Option<i64> {
    (!a.is_null(row)).then(|| a.value(row))
}

/// The month (`YYYY-MM`) in column `period` of `row`; an error of query `query` if it is none.
pub(crate) fn month(query: &str, period: &StringArray, row: usize) -> Result<Month> {
    text(period, row)
        .and_then(Month::parse)
        .ok_or_else(|| wrong(query, format!("row {row}: the period is not a month")))
}
