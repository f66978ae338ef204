// YAML configuration parsing moved to the config edge layer (src/config/); this path stays for one merge cycle.
export { parseYamlConfig } from '../config/yaml-config.js';
