"""Small networks trained for several seeds at once: masked layers, subnetwork search, random features.

Every model here keeps its tensors stacked over seeds (leading dimension S) so one batched matrix
product trains S independent networks. Modules are imported by name (no re-exports) so that a rule's
code hash only follows the modules it uses.
"""
