//! Retrieval evaluation with exactly the metrics of `../shared/eval/README.md`:
//! recall@1/3/5/10/20, mrr@10, p50/p99 search latency (warm, one process).

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::library::Library;
use crate::search::Weights;

/// One evaluation question.
#[derive(Debug, Clone, Deserialize)]
pub struct EvalQuery {
    /// Question id.
    pub id: String,
    /// The question.
    pub query: String,
    /// Gold articles.
    pub gold: Vec<GoldArticle>,
    /// Topic (village set only).
    #[serde(default)]
    pub topic: Option<String>,
}

/// A gold article: (full law name, article number).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq, Hash)]
pub struct GoldArticle {
    /// Full law name as in the source.
    pub law: String,
    /// Article number.
    pub article: u32,
}

/// Evaluation errors.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} line {line}: {message}")]
    Parse {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{path} holds no questions")]
    Empty { path: String },
}

/// Held-out everyday questions as evaluation questions, each with the
/// article its row names as gold (see [`crate::knowledge::Knowledge::hold_out`]);
/// a question written twice is asked once.
pub fn held_out_queries(rows: &[crate::knowledge::AskedRow]) -> Vec<EvalQuery> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for r in rows {
        for (k, q) in r.phrasings.iter().enumerate() {
            if seen.insert((q.clone(), r.law.clone(), r.article)) {
                out.push(EvalQuery {
                    id: format!("{}:{}:{}", r.file, r.line, k + 1),
                    query: q.clone(),
                    gold: vec![GoldArticle {
                        law: r.law.clone(),
                        article: r.article,
                    }],
                    topic: None,
                });
            }
        }
    }
    out
}

/// Reads a JSONL query file.
pub fn read_queries(path: &Path) -> Result<Vec<EvalQuery>, EvalError> {
    let p = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Read {
        path: p.clone(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let q: EvalQuery = serde_json::from_str(line).map_err(|e| EvalError::Parse {
            path: p.clone(),
            line: i + 1,
            message: e.to_string(),
        })?;
        if q.gold.is_empty() {
            return Err(EvalError::Parse {
                path: p.clone(),
                line: i + 1,
                message: "no gold articles".into(),
            });
        }
        out.push(q);
    }
    if out.is_empty() {
        return Err(EvalError::Empty { path: p });
    }
    Ok(out)
}

/// The metrics line.
#[derive(Debug, Clone, Serialize)]
pub struct Metrics {
    /// System name.
    pub system: String,
    /// Number of questions.
    pub n: usize,
    #[serde(rename = "recall@1")]
    pub r1: f64,
    #[serde(rename = "recall@3")]
    pub r3: f64,
    #[serde(rename = "recall@5")]
    pub r5: f64,
    #[serde(rename = "recall@10")]
    pub r10: f64,
    #[serde(rename = "recall@20")]
    pub r20: f64,
    #[serde(rename = "mrr@10")]
    pub mrr10: f64,
    /// Median search latency, ms.
    pub p50_ms: f64,
    /// 99th percentile search latency, ms.
    pub p99_ms: f64,
}

/// Per-question outcome, for error analysis.
#[derive(Debug, Clone, Serialize)]
pub struct QueryResult {
    /// Question id.
    pub id: String,
    /// Rank (1-based) of the first gold article in the top 20, if any.
    pub first_gold_rank: Option<usize>,
    /// Recall at 10.
    pub recall10: f64,
    /// The top 20 (law, article).
    pub ranked: Vec<GoldArticle>,
}

/// Ranks one question the way `eval` does: (law, number) pairs, each once.
pub fn rank(lib: &Library, query: &str, k: usize, w: &Weights) -> Vec<GoldArticle> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for hit in lib.search(query, k, w) {
        let a = &lib.corpus.articles[hit.article as usize];
        let Some(n) = a.number else { continue };
        let law = lib.corpus.laws[a.law as usize].name.clone();
        if seen.insert((law.clone(), n)) {
            out.push(GoldArticle { law, article: n });
        }
    }
    out
}

/// Runs the evaluation.
pub fn evaluate(
    lib: &Library,
    queries: &[EvalQuery],
    w: &Weights,
    system: &str,
) -> (Metrics, Vec<QueryResult>) {
    // Warm up: the first search touches the index files.
    let _ = lib.search("劳动合同", 20, w);
    let ks = [1usize, 3, 5, 10, 20];
    let mut recall = [0f64; 5];
    let mut mrr = 0f64;
    let mut lat = Vec::with_capacity(queries.len());
    let mut results = Vec::with_capacity(queries.len());
    for q in queries {
        let t = Instant::now();
        let got = rank(lib, &q.query, 20, w);
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
        let gold: HashSet<&GoldArticle> = q.gold.iter().collect();
        for (i, k) in ks.iter().enumerate() {
            let hit = got.iter().take(*k).filter(|g| gold.contains(g)).count();
            recall[i] += hit as f64 / gold.len() as f64;
        }
        let first = got.iter().position(|g| gold.contains(g));
        if let Some(r) = first.filter(|&r| r < 10) {
            mrr += 1.0 / (r as f64 + 1.0);
        }
        results.push(QueryResult {
            id: q.id.clone(),
            first_gold_rank: first.map(|r| r + 1),
            recall10: got.iter().take(10).filter(|g| gold.contains(g)).count() as f64
                / gold.len() as f64,
            ranked: got,
        });
    }
    let n = queries.len();
    lat.sort_by(f64::total_cmp);
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    let m = Metrics {
        system: system.to_string(),
        n,
        r1: round(recall[0] / n as f64),
        r3: round(recall[1] / n as f64),
        r5: round(recall[2] / n as f64),
        r10: round(recall[3] / n as f64),
        r20: round(recall[4] / n as f64),
        mrr10: round(mrr / n as f64),
        p50_ms: (lat[n / 2] * 100.0).round() / 100.0,
        p99_ms: (lat[(n * 99 / 100).min(n - 1)] * 100.0).round() / 100.0,
    };
    (m, results)
}

/// The outcome of [`cross_validate`].
#[derive(Debug, Clone, Serialize)]
pub struct CrossValidation {
    /// Held-out metrics over all folds (each question measured once, by the
    /// setting chosen without it).
    pub held_out: Metrics,
    /// The same settings' best in-sample figure, for comparison.
    pub in_sample: Metrics,
    /// The setting each fold chose (names as given).
    pub chosen: Vec<String>,
}

/// K-fold cross-validation of a choice among weight settings: for each fold,
/// the setting with the best recall@5 (then MRR@10) on the other folds is
/// measured on the held-out fold. Question `i` is in fold `i % k`.
pub fn cross_validate(
    lib: &Library,
    queries: &[EvalQuery],
    grid: &[(String, Weights)],
    k: usize,
) -> Option<CrossValidation> {
    if grid.is_empty() || k < 2 || queries.len() < k {
        return None;
    }
    let key = |m: &Metrics| (m.r5, m.mrr10);
    let better =
        |a: &Metrics, b: &Metrics| key(a).partial_cmp(&key(b)) == Some(std::cmp::Ordering::Greater);
    // Per setting and fold, the fold's metrics (evaluated once each).
    let folds: Vec<Vec<EvalQuery>> = (0..k)
        .map(|f| {
            queries
                .iter()
                .enumerate()
                .filter(|(i, _)| i % k == f)
                .map(|(_, q)| q.clone())
                .collect()
        })
        .collect();
    let per: Vec<Vec<Metrics>> = grid
        .iter()
        .map(|(name, w)| folds.iter().map(|f| evaluate(lib, f, w, name).0).collect())
        .collect();
    // Question-weighted mean of fold metrics.
    let mean = |ms: &[&Metrics], system: &str| {
        let n: usize = ms.iter().map(|m| m.n).sum();
        let avg = |f: fn(&Metrics) -> f64| {
            let v = ms.iter().map(|m| f(m) * m.n as f64).sum::<f64>() / n as f64;
            (v * 10_000.0).round() / 10_000.0
        };
        Metrics {
            system: system.to_string(),
            n,
            r1: avg(|m| m.r1),
            r3: avg(|m| m.r3),
            r5: avg(|m| m.r5),
            r10: avg(|m| m.r10),
            r20: avg(|m| m.r20),
            mrr10: avg(|m| m.mrr10),
            p50_ms: ms.iter().map(|m| m.p50_ms).fold(0.0, f64::max),
            p99_ms: ms.iter().map(|m| m.p99_ms).fold(0.0, f64::max),
        }
    };
    let mut chosen = Vec::new();
    let mut held = Vec::new();
    for f in 0..k {
        let train = |s: usize| {
            let ms: Vec<&Metrics> = (0..k).filter(|&g| g != f).map(|g| &per[s][g]).collect();
            mean(&ms, "")
        };
        let mut best = 0;
        let mut best_m = train(0);
        for s in 1..grid.len() {
            let m = train(s);
            if better(&m, &best_m) {
                best = s;
                best_m = m;
            }
        }
        chosen.push(grid[best].0.clone());
        held.push(&per[best][f]);
    }
    let whole: Vec<Metrics> = (0..grid.len())
        .map(|s| mean(&per[s].iter().collect::<Vec<_>>(), &grid[s].0))
        .collect();
    let in_sample = whole
        .iter()
        .fold(None::<&Metrics>, |acc, m| match acc {
            Some(a) if !better(m, a) => Some(a),
            _ => Some(m),
        })?
        .clone();
    Some(CrossValidation {
        held_out: mean(&held, "held-out"),
        in_sample,
        chosen,
    })
}
