//! `ensureKafkaTransfer`: the whole onboarding, safe to run again and again. Find the log group
//! and the streams named by their names (before anything is written), register the instance
//! (unless it was registered before), list the DMS transfers, and create one transfer for the
//! requested streams that no DMS transfer delivers yet.
//!
//! It is built from the operations, not beside them: a workflow runs one
//! [`Call`](crate::pipeline::call::Call) at a time, and answers the shell's events exactly as a
//! call does ([`Drive`](crate::pipeline::call::Drive)), so the shell cannot tell the two apart.

use std::rc::Rc;

use crate::pipeline::call::{Action, CallError};
use crate::pipeline::config::ClientConfig;
use crate::pipeline::error::LtsError;
use crate::pipeline::operation::{Operation, Outcome, Output};
use crate::pipeline::settings::CallSettings;
use crate::pipeline::validate::{
    check_text, check_unknown_fields, display_name, edit_distance, no_control_characters,
    ValidationIssue,
};
use crate::services::lts::groups::list_groups::ListLogGroupsOperation;
use crate::services::lts::groups::list_streams::ListLogStreamsOperation;
use crate::services::lts::groups::NamedList;
use crate::services::lts::register::{
    says_already_registered, validate_register_request, RegisterDmsKafkaInstanceOutput,
    RegisterDmsKafkaInstanceRequest, RegisterOperation,
};
use crate::services::lts::transfers::answers::{
    ListTransfersOutput, TransferOutput, TransferSummary,
};
use crate::services::lts::transfers::create::{CreateTransferOperation, CreateTransferRequest};
use crate::services::lts::transfers::list::{ListTransfersOperation, ListTransfersQuery};
use crate::services::lts::transfers::model::{
    DmsDetail, LogStreamRef, StorageFormat, TransferStatus, TransferType,
};
use crate::services::lts::transfers::rules::{
    kafka_topic, one_line, uuid, wanted_streams, KAFKA_ID_LENGTH, NAME_LENGTH,
};
use crate::wire::input::Input;
use crate::wire::json::ObjectWriter;
use crate::wire::text::Dec;
use crate::workflows::workflow::{unexpected_event, Steps, Workflow};

/// What `ensureKafkaTransfer` is asked to make true.
#[derive(Debug, Clone, PartialEq)]
pub struct EnsureInput {
    /// The registration body, when the instance is to be registered first.
    pub instance: Option<RegisterDmsKafkaInstanceRequest>,
    /// The Kafka instance the streams go to (the registered `instance_id`).
    pub kafka_id: String,
    /// The log group of the streams, by id or by name.
    pub log_group: Named,
    /// The streams that must deliver to the instance and topic: each by id or name, or every
    /// stream of the group (`None`).
    pub log_streams: Option<Vec<(Option<String>, Option<String>)>>,
    /// The topic.
    pub kafka_topic: String,
    /// The status a created transfer gets (default `ENABLE`).
    pub log_transfer_status: TransferStatus,
}

/// A log group named by its id or by its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// Its id.
    Id(String),
    /// Its name (found among the project's groups, exactly).
    Name(String),
}

const ENSURE_FIELDS: &[&str] = &[
    "instance",
    "kafka_id",
    "log_group_id",
    "log_group_name",
    "log_streams",
    "kafka_topic",
    "log_transfer_status",
];
const ENSURE_ALIASES: &[(&str, &str)] = &[
    ("register", "instance"),
    ("registration", "instance"),
    ("instance_id", "kafka_id"),
    ("topic", "kafka_topic"),
    ("streams", "log_streams"),
    ("group_name", "log_group_name"),
    ("log_group", "log_group_name"),
    ("status", "log_transfer_status"),
];

/// Re-roots issues of a nested body under `prefix` (`instance_id` -> `instance.instance_id`).
fn nested(issues: Vec<ValidationIssue>, prefix: &str) -> Vec<ValidationIssue> {
    issues
        .into_iter()
        .map(|mut i| {
            let path = if i.path.is_empty() {
                prefix.to_owned()
            } else {
                format!("{prefix}.{}", i.path)
            };
            if !i.path.is_empty() && i.message.starts_with(&i.path) {
                i.message = format!("{prefix}.{}", i.message);
            }
            i.path = path;
            i
        })
        .collect()
}

/// Validates the input of `ensureKafkaTransfer`, the registration body included; every
/// problem at once.
pub fn validate_ensure_input(input: &Input<'_>) -> Result<EnsureInput, Vec<ValidationIssue>> {
    let Input::Object(entries) = input else {
        return Err(vec![ValidationIssue::new(
            "",
            "type",
            format!(
                "the onboarding input must be an object with instance (or kafka_id), log_group_id (or log_group_name), log_streams and kafka_topic (got {})",
                input.kind()
            ),
        )]);
    };
    let mut issues = Vec::new();
    let present = |key: &str| !matches!(input.get(key), None | Some(Input::Undefined));
    let instance = match input.get("instance") {
        None | Some(Input::Undefined) => None,
        Some(body @ Input::Object(_)) => match validate_register_request(body) {
            Ok(b) => Some(b),
            Err(more) => {
                issues.extend(nested(more, "instance"));
                None
            }
        },
        Some(other) => {
            issues.push(ValidationIssue::new(
                "instance",
                "type",
                format!(
                    "instance must be a registration body {{ instance_id, kafka_name, connect_info }} (got {})",
                    other.kind()
                ),
            ));
            None
        }
    };
    let kafka_id = match (present("instance"), present("kafka_id")) {
        (true, true) => {
            issues.push(ValidationIssue::new(
                "kafka_id",
                "format",
                "kafka_id and instance both name the instance: give instance to register it first, or kafka_id for one registered before, not both",
            ));
            None
        }
        (false, _) => check_text(
            input.get("kafka_id"),
            "kafka_id",
            "the id of the registered Kafka instance, or instance: { instance_id, kafka_name, connect_info } to register it first",
            Some(KAFKA_ID_LENGTH),
            &mut issues,
        )
        .filter(|v| no_control_characters("kafka_id", v, &mut issues)),
        (true, false) => instance.as_ref().map(|b| b.instance_id.clone()),
    };
    // The transfer's own rules, the same checks a createTransfer body meets.
    let log_group = match (present("log_group_id"), present("log_group_name")) {
        (true, true) => {
            issues.push(ValidationIssue::new(
                "log_group_name",
                "format",
                "log_group_id and log_group_name both name the group: give one",
            ));
            None
        }
        (false, true) => one_line(
            input.get("log_group_name"),
            "log_group_name",
            "",
            NAME_LENGTH,
            &mut issues,
        )
        .map(Named::Name),
        (_, false) => uuid(
            input.get("log_group_id"),
            "log_group_id",
            "the log group's id, or log_group_name",
            false,
            &mut issues,
        )
        .map(Named::Id),
    };
    let streams = match input.get("log_streams") {
        Some(Input::String(all)) if all == "all" => Some(None),
        Some(Input::String(_)) => {
            issues.push(ValidationIssue::new(
                "log_streams",
                "one_of",
                "log_streams must be a list of { log_stream_id } or { log_stream_name }, or \"all\" for every stream of the group",
            ));
            None
        }
        other => wanted_streams(other, "log_streams", &mut issues).map(Some),
    };
    let topic = kafka_topic(input.get("kafka_topic"), "kafka_topic", &mut issues);
    let status = match input.get("log_transfer_status") {
        None | Some(Input::Undefined) => Some(TransferStatus::Enable),
        Some(Input::String(s)) if s == "ENABLE" => Some(TransferStatus::Enable),
        Some(Input::String(s)) if s == "DISABLE" => Some(TransferStatus::Disable),
        Some(_) => {
            issues.push(ValidationIssue::new(
                "log_transfer_status",
                "one_of",
                "log_transfer_status must be ENABLE (the default) or DISABLE: the status a created transfer gets",
            ));
            None
        }
    };
    check_unknown_fields(entries, "", ENSURE_FIELDS, ENSURE_ALIASES, &mut issues);
    match (kafka_id, log_group, streams, topic, status) {
        (
            Some(kafka_id),
            Some(log_group),
            Some(log_streams),
            Some(kafka_topic),
            Some(log_transfer_status),
        ) if issues.is_empty() => Ok(EnsureInput {
            instance,
            kafka_id,
            log_group,
            log_streams,
            kafka_topic,
            log_transfer_status,
        }),
        _ => Err(issues),
    }
}

/// What happened to the registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    /// It was registered now.
    Registered,
    /// The service said it was registered before.
    AlreadyRegistered,
    /// No `instance` was given.
    Skipped,
}

/// What happened to one requested stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StreamOutcome {
    /// No transfer delivers it, and the create that would has not succeeded (yet): what an
    /// error's report says of it (`not_created`).
    NotCreated,
    /// A new transfer delivers it now.
    Created {
        /// The new transfer.
        log_transfer_id: String,
    },
    /// A DMS transfer to this instance and topic delivered it already.
    AlreadyDelivered {
        /// That transfer.
        log_transfer_id: String,
        /// Its status (`ENABLE`, `DISABLE`, or `EXCEPTION`: the instance or topic is gone).
        log_transfer_status: String,
    },
    /// A DMS transfer to another instance or topic delivers it: left alone.
    DeliveredElsewhere {
        /// That transfer.
        log_transfer_id: String,
        /// Where it delivers.
        kafka_id: Option<String>,
        /// Its topic.
        kafka_topic: Option<String>,
    },
}

/// The report `ensureKafkaTransfer` resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnsureReport {
    /// The instance.
    pub kafka_id: String,
    /// The log group (empty until a group named by its name is found).
    pub log_group_id: String,
    /// The log group's name, when it was given or listed.
    pub log_group_name: Option<String>,
    /// The topic.
    pub kafka_topic: String,
    /// What happened to the registration.
    pub registration: Registration,
    /// Each requested stream (its id and, when known, its name), in the order asked.
    pub streams: Vec<(LogStreamRef, StreamOutcome)>,
    /// The status a created transfer got and a delivering one must have.
    pub wanted_status: TransferStatus,
    /// The request ids of the steps that ran: register, list (the last one), create.
    pub request_ids: [Option<String>; 3],
}

impl EnsureReport {
    /// Whether every requested stream now goes to this instance and topic, in a transfer whose
    /// status is the one asked for.
    pub fn complete(&self) -> bool {
        self.streams.len()
            == self
                .streams
                .iter()
                .filter(|(_, o)| match o {
                    StreamOutcome::Created { .. } => true,
                    StreamOutcome::NotCreated => false,
                    StreamOutcome::AlreadyDelivered {
                        log_transfer_status,
                        ..
                    } => log_transfer_status == self.wanted_status.as_str(),
                    StreamOutcome::DeliveredElsewhere { .. } => false,
                })
                .count()
    }

    /// The report as JavaScript receives it.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        let mut o = ObjectWriter::new(&mut out);
        o.str("kafka_id", &self.kafka_id);
        if self.log_group_id.is_empty() {
            o.raw("log_group_id", "null");
        } else {
            o.str("log_group_id", &self.log_group_id);
        }
        if let Some(name) = &self.log_group_name {
            o.str("log_group_name", name);
        }
        o.str("kafka_topic", &self.kafka_topic)
            .str(
                "registration",
                match self.registration {
                    Registration::Registered => "registered",
                    Registration::AlreadyRegistered => "already_registered",
                    Registration::Skipped => "skipped",
                },
            )
            .with("streams", |out| {
                out.push('[');
                for (i, (stream, outcome)) in self.streams.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let mut o = ObjectWriter::new(out);
                    o.str("log_stream_id", &stream.log_stream_id);
                    if let Some(name) = &stream.log_stream_name {
                        o.str("log_stream_name", name);
                    }
                    match outcome {
                        StreamOutcome::NotCreated => {
                            o.str("outcome", "not_created");
                        }
                        StreamOutcome::Created { log_transfer_id } => {
                            o.str("outcome", "created")
                                .str("log_transfer_id", log_transfer_id)
                                .str("log_transfer_status", self.wanted_status.as_str());
                        }
                        StreamOutcome::AlreadyDelivered {
                            log_transfer_id,
                            log_transfer_status,
                        } => {
                            o.str("outcome", "already_delivered")
                                .str("log_transfer_id", log_transfer_id)
                                .str("log_transfer_status", log_transfer_status);
                        }
                        StreamOutcome::DeliveredElsewhere {
                            log_transfer_id,
                            kafka_id,
                            kafka_topic,
                        } => {
                            o.str("outcome", "delivered_elsewhere")
                                .str("log_transfer_id", log_transfer_id)
                                .with("destination", |out| {
                                    ObjectWriter::new(out)
                                        .opt_str("kafka_id", kafka_id.as_deref())
                                        .opt_str("kafka_topic", kafka_topic.as_deref())
                                        .end();
                                });
                        }
                    }
                    o.end();
                }
                out.push(']');
            })
            .bool("complete", self.complete())
            .opt_str(
                "requestId",
                self.request_ids.iter().rev().find_map(|id| id.as_deref()),
            )
            .with("requestIds", |out| {
                let [register, list, create] = &self.request_ids;
                ObjectWriter::new(out)
                    .opt_str("register", register.as_deref())
                    .opt_str("list", list.as_deref())
                    .opt_str("create", create.as_deref())
                    .end();
            })
            .end();
        out
    }
}

impl Outcome for EnsureReport {
    fn to_json(&self) -> String {
        EnsureReport::to_json(self)
    }
}

/// Which step a workflow is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Groups,
    Streams,
    Register,
    List { after_conflict: bool },
    Create,
}

impl Step {
    fn name(self) -> &'static str {
        match self {
            Step::Groups => "groups",
            Step::Streams => "streams",
            Step::Register => "register",
            Step::List { .. } => "list",
            Step::Create => "create",
        }
    }
}

/// The onboarding in progress. Feed it the shell's events as to a
/// [`Call`](crate::pipeline::call::Call).
pub struct Onboarding {
    steps: Steps,
    input: EnsureInput,
    step: Step,
    report: EnsureReport,
    /// The create's LTS.0207 error, while the list after it runs.
    conflict: Option<CallError>,
    /// The requested streams by id (and name, when known), once names are resolved.
    streams: Vec<LogStreamRef>,
}

impl Onboarding {
    /// The report, handed over: the onboarding is over (moved out rather than cloned).
    fn finish(&mut self) -> Action {
        let empty = EnsureReport {
            kafka_id: String::new(),
            log_group_id: String::new(),
            log_group_name: None,
            kafka_topic: String::new(),
            registration: self.report.registration,
            streams: Vec::new(),
            wanted_status: self.report.wanted_status,
            request_ids: [None, None, None],
        };
        Action::Finish(Ok(Output::new(std::mem::replace(&mut self.report, empty))))
    }

    /// An onboarding of `input` with the client's configuration and the call's settings (the
    /// deadline covers the whole workflow; each step's retries follow its operation's safety).
    pub fn new(config: Rc<ClientConfig>, input: EnsureInput, settings: CallSettings) -> Self {
        let (log_group_id, log_group_name) = match &input.log_group {
            Named::Id(id) => (id.clone(), None),
            Named::Name(name) => (String::new(), Some(name.clone())),
        };
        // Streams all given by id need no list.
        let streams = input
            .log_streams
            .iter()
            .flatten()
            .map_while(|(id, name)| {
                Some(LogStreamRef {
                    log_stream_id: id.clone()?,
                    log_stream_name: name.clone(),
                })
            })
            .collect();
        let report = EnsureReport {
            kafka_id: input.kafka_id.clone(),
            log_group_id,
            log_group_name,
            kafka_topic: input.kafka_topic.clone(),
            registration: Registration::Skipped,
            streams: Vec::new(),
            wanted_status: input.log_transfer_status,
            request_ids: [None, None, None],
        };
        // Every step knows the input's secrets: an echo of the Kafka password during the list
        // or the create is redacted as during the registration.
        let secrets = input
            .instance
            .as_ref()
            .and_then(|i| i.connect_info.pwd.clone())
            .into_iter()
            .collect();
        Onboarding {
            steps: Steps::new(config, settings, secrets),
            input,
            step: Step::Register,
            report,
            conflict: None,
            streams,
        }
    }

    /// Whether some stream is named by its name, or all of the group's are asked for.
    fn streams_need_a_list(&self) -> bool {
        match &self.input.log_streams {
            None => true,
            Some(wanted) => wanted.iter().any(|(id, _)| id.is_none()),
        }
    }

    /// The group is known: list its streams when names need it, then the writes.
    fn after_group(&mut self, now_ms: u64) -> Action {
        if self.streams_need_a_list() {
            let op = ListLogStreamsOperation {
                log_group_id: self.report.log_group_id.clone(),
            };
            return self.begin(Step::Streams, Box::new(op), now_ms);
        }
        self.writes(now_ms)
    }

    /// Names are resolved: the registration (or, without one, the list of transfers).
    fn writes(&mut self, now_ms: u64) -> Action {
        match self.input.instance.clone() {
            Some(body) => self.begin(Step::Register, Box::new(RegisterOperation { body }), now_ms),
            None => self.list(false, now_ms),
        }
    }

    /// The project's groups are listed: the one named exactly as asked, or an error listing
    /// the closest names, before anything is written.
    fn groups_listed(&mut self, groups: &NamedList, now_ms: u64) -> Action {
        let Named::Name(wanted) = &self.input.log_group else {
            return self.after_group(now_ms);
        };
        let listed = groups.ids_and_names();
        match listed.iter().find(|(_, name)| name == wanted) {
            Some((id, _)) => {
                self.report.log_group_id = (*id).to_owned();
                self.after_group(now_ms)
            }
            None => {
                let names: Vec<&str> = listed.iter().map(|(_, n)| *n).collect();
                let issue = not_found("log_group_name", wanted, "log group of the project", &names);
                self.fail_names(vec![issue])
            }
        }
    }

    /// The group's streams are listed: every requested one found (by name, exactly; by id),
    /// or an error listing each that is not, with the closest names.
    fn streams_listed(&mut self, listed: &NamedList, now_ms: u64) -> Action {
        let listed = listed.ids_and_names();
        let mut issues = Vec::new();
        let mut streams: Vec<LogStreamRef> = Vec::new();
        let mut add = |id: &str, name: &str| {
            if !streams
                .iter()
                .any(|s| s.log_stream_id.eq_ignore_ascii_case(id))
            {
                streams.push(LogStreamRef {
                    log_stream_id: id.to_owned(),
                    log_stream_name: Some(name.to_owned()),
                });
            }
        };
        match &self.input.log_streams {
            None => listed.iter().for_each(|(id, name)| add(id, name)),
            Some(wanted) => {
                let names: Vec<&str> = listed.iter().map(|(_, n)| *n).collect();
                for (i, (id, name)) in wanted.iter().enumerate() {
                    let found = listed.iter().find(|(lid, lname)| match (id, name) {
                        (Some(id), _) => lid.eq_ignore_ascii_case(id),
                        (None, Some(name)) => lname == name,
                        (None, None) => false,
                    });
                    match (found, id, name) {
                        (Some((lid, lname)), _, _) => add(lid, lname),
                        (None, Some(id), _) => issues.push(ValidationIssue::new(
                            format!("log_streams[{}].log_stream_id", Dec::of(i)),
                            "not_found",
                            format!(
                                "log_streams[{}].log_stream_id {id} is not a stream of log group {}",
                                Dec::of(i),
                                self.report.log_group_id
                            ),
                        )),
                        (None, None, Some(name)) => issues.push(not_found(
                            &format!("log_streams[{}].log_stream_name", Dec::of(i)),
                            name,
                            "log stream of the group",
                            &names,
                        )),
                        (None, None, None) => {}
                    }
                }
            }
        }
        if streams.is_empty() && issues.is_empty() {
            issues.push(ValidationIssue::new(
                "log_streams",
                "not_found",
                format!(
                    "log group {} has no log streams to deliver",
                    self.report.log_group_id
                ),
            ));
        }
        if !issues.is_empty() {
            return self.fail_names(issues);
        }
        self.streams = streams;
        self.writes(now_ms)
    }

    /// Names that name nothing: a validation error (nothing was written), with what had been
    /// found.
    fn fail_names(&mut self, issues: Vec<ValidationIssue>) -> Action {
        let attempts = self.steps.last_attempts();
        self.fail(CallError::new(LtsError::Validation { issues }, attempts))
    }

    /// Starts `op` as the step `step` at `now_ms`.
    fn begin(&mut self, step: Step, op: Box<dyn Operation>, now_ms: u64) -> Action {
        self.step = step;
        self.steps.begin(op, now_ms)
    }

    fn list(&mut self, after_conflict: bool, now_ms: u64) -> Action {
        let op = ListTransfersOperation {
            query: ListTransfersQuery {
                log_transfer_type: Some(TransferType::Dms),
                ..ListTransfersQuery::default()
            },
        };
        self.begin(Step::List { after_conflict }, Box::new(op), now_ms)
    }

    /// The error that ends the workflow at this step, with what had been done.
    fn fail(&mut self, mut error: CallError) -> Action {
        error.step = Some(self.step.name());
        error.done = Some(self.report.to_json());
        Action::Finish(Err(error))
    }

    /// The current call finished: decide the next step.
    fn decide(&mut self, result: Result<Output, CallError>, now_ms: u64) -> Action {
        match (self.step, result) {
            (Step::Groups, Ok(out)) => match out.downcast::<NamedList>() {
                Some(groups) => self.groups_listed(&groups, now_ms),
                None => self.unexpected(),
            },
            (Step::Streams, Ok(out)) => match out.downcast::<NamedList>() {
                Some(streams) => self.streams_listed(&streams, now_ms),
                None => self.unexpected(),
            },
            (Step::Register, Ok(out)) => match out.downcast::<RegisterDmsKafkaInstanceOutput>() {
                Some(out) => {
                    self.report.registration = Registration::Registered;
                    self.report.request_ids[0] = out.request_id;
                    self.list(false, now_ms)
                }
                None => self.unexpected(),
            },
            (Step::Register, Err(e)) => match &e.error {
                LtsError::Api(api) if says_already_registered(api) => {
                    self.report.registration = Registration::AlreadyRegistered;
                    self.report.request_ids[0].clone_from(&api.request_id);
                    self.list(false, now_ms)
                }
                _ => self.fail(e),
            },
            (Step::List { after_conflict }, Ok(out)) => match out.downcast::<ListTransfersOutput>()
            {
                Some(list) => self.listed(list, after_conflict, now_ms),
                None => self.unexpected(),
            },
            (Step::Create, Ok(out)) => match out.downcast::<TransferOutput>() {
                Some(created) => {
                    self.report.request_ids[2].clone_from(&created.request_id);
                    let id = created
                        .summary()
                        .map(|s| s.log_transfer_id)
                        .unwrap_or_default();
                    for (_, outcome) in self.report.streams.iter_mut() {
                        if *outcome == StreamOutcome::NotCreated {
                            *outcome = StreamOutcome::Created {
                                log_transfer_id: id.clone(),
                            };
                        }
                    }
                    self.finish()
                }
                None => self.unexpected(),
            },
            (Step::Create, Err(e)) => match &e.error {
                LtsError::Api(api) if api.code.as_deref() == Some("LTS.0207") => {
                    self.report.request_ids[2].clone_from(&api.request_id);
                    self.conflict = Some(e);
                    self.list(true, now_ms)
                }
                _ => self.fail(e),
            },
            (_, Err(e)) => self.fail(e),
        }
    }

    /// A step finished with another operation's result: cannot happen, but the workflow ends
    /// with an error rather than guess.
    fn unexpected(&mut self) -> Action {
        self.fail(unexpected_event())
    }

    /// The list finished: done when every stream is delivered, otherwise the create of the
    /// missing ones (or, after the create's conflict, its error).
    fn listed(&mut self, list: ListTransfersOutput, after_conflict: bool, now_ms: u64) -> Action {
        self.report.request_ids[1] = list.request_id;
        let transfers: Vec<TransferSummary> = list
            .log_transfers
            .iter()
            .filter_map(TransferSummary::of)
            .filter(|t| t.log_transfer_type == "DMS")
            .collect();
        let missing = self.classify(&transfers);
        if missing.is_empty() {
            return self.finish();
        }
        if after_conflict {
            // The create met LTS.0207 and the list still lacks some stream: the
            // create's error stands.
            let conflict = self.conflict.take();
            self.step = Step::Create;
            return match conflict {
                Some(e) => self.fail(e),
                None => self.finish(),
            };
        }
        let body = CreateTransferRequest {
            log_group_id: self.report.log_group_id.clone(),
            log_streams: missing,
            log_storage_format: StorageFormat::Raw,
            log_transfer_status: self.input.log_transfer_status,
            log_agency_transfer: None,
            log_transfer_detail: DmsDetail {
                kafka_id: self.input.kafka_id.clone(),
                kafka_topic: self.input.kafka_topic.clone(),
                lts_tags: None,
                stream_tags: None,
                struct_fields: None,
                invalid_field_value: None,
            },
        };
        self.begin(
            Step::Create,
            Box::new(CreateTransferOperation { body }),
            now_ms,
        )
    }

    /// Sorts the requested streams by what the DMS transfers do with them; returns the ones
    /// no DMS transfer delivers (`NotCreated` until a create succeeds).
    fn classify(&mut self, transfers: &[TransferSummary]) -> Vec<LogStreamRef> {
        let mut missing = Vec::new();
        self.report.streams.clear();
        for stream in &self.streams {
            let holding: Vec<&TransferSummary> = transfers
                .iter()
                .filter(|t| {
                    t.log_stream_ids
                        .iter()
                        .any(|id| id.eq_ignore_ascii_case(&stream.log_stream_id))
                })
                .collect();
            let here = holding.iter().find(|t| {
                t.kafka_id.as_deref() == Some(self.input.kafka_id.as_str())
                    && t.kafka_topic.as_deref() == Some(self.input.kafka_topic.as_str())
            });
            let outcome = match (here, holding.first()) {
                (Some(t), _) => StreamOutcome::AlreadyDelivered {
                    log_transfer_id: t.log_transfer_id.clone(),
                    log_transfer_status: t.log_transfer_status.clone(),
                },
                (None, Some(t)) => StreamOutcome::DeliveredElsewhere {
                    log_transfer_id: t.log_transfer_id.clone(),
                    kafka_id: t.kafka_id.clone(),
                    kafka_topic: t.kafka_topic.clone(),
                },
                (None, None) => {
                    missing.push(stream.clone());
                    StreamOutcome::NotCreated
                }
            };
            self.report.streams.push((stream.clone(), outcome));
        }
        missing
    }
}

impl Workflow for Onboarding {
    fn steps(&mut self) -> &mut Steps {
        &mut self.steps
    }

    fn first(&mut self, now_ms: u64) -> Action {
        match self.input.log_group {
            Named::Name(_) => self.begin(Step::Groups, Box::new(ListLogGroupsOperation), now_ms),
            Named::Id(_) => self.after_group(now_ms),
        }
    }

    fn advance(&mut self, result: Result<Output, CallError>, now_ms: u64) -> Action {
        self.decide(result, now_ms)
    }
}

/// The issue of a name that names nothing: the names closest to it (by edit distance, case
/// ignored), at most three, or that there is none at all.
fn not_found(path: &str, wanted: &str, what: &str, names: &[&str]) -> ValidationIssue {
    let lower = wanted.to_ascii_lowercase();
    // The three nearest, in the service's order among equals (no sort: its code is large).
    let mut nearest: Vec<(usize, &str)> = Vec::with_capacity(4);
    for name in names {
        let d = edit_distance(&lower, &name.to_ascii_lowercase());
        let at = nearest
            .iter()
            .position(|(e, _)| d < *e)
            .unwrap_or(nearest.len());
        if at < 3 {
            nearest.insert(at, (d, name));
            nearest.truncate(3);
        }
    }
    let closest: Vec<String> = nearest
        .iter()
        .map(|(_, n)| format!("\"{}\"", display_name(n)))
        .collect();
    let hint = if closest.is_empty() {
        String::from("there are none")
    } else {
        format!("the closest: {}", crate::wire::text::join(&closest, ", "))
    };
    ValidationIssue::new(
        path,
        "not_found",
        format!(
            "{path} \"{}\" names no {what} (names match exactly, case included); {hint}",
            display_name(wanted)
        ),
    )
}
