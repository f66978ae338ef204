// The study file moved to the config edge layer (src/config/); this path stays for one merge cycle.
export { defaultStoreName, loadStudyFile, MODEL_ROLES, studyFileSchema, type SamplingSettings, type StudyFile, type StudyModel } from '../config/study-file.js';
